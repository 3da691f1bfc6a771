package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way a cluster can be unusable, against a local socket or mock that behaves that way: the
 * probe names the context, the URL, the cause and the fix, once, in bounded time, and never prints
 * the token.
 */
class ApiServerProbeTest {

    private static final String TOKEN = "kube-SECRET-token-1234";
    /** The probe bounds itself at 8 s; this only keeps a broken probe from hanging the build. */
    private static final Duration GUARD = Duration.ofSeconds(40);

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A run has built its main client before the probe: the classes are loaded, as here. */
    @BeforeAll
    static void loadClientClasses() {
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config("http://127.0.0.1:9/")).build().close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private static Config config(String url) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url).withOauthToken(TOKEN).build();
    }

    private static String probe(String url) {
        long t0 = System.nanoTime();
        Optional<String> problem = assertTimeoutPreemptively(GUARD, () -> ApiServerProbe.problem(config(url), "kind-bench"));
        System.out.printf("probe of %s answered in %d ms: %s%n", url, (System.nanoTime() - t0) / 1_000_000, problem.orElse("ok"));
        assertTrue(problem.isPresent(), "no problem found with " + url);
        String p = problem.get();
        assertTrue(p.contains("context 'kind-bench'"), p);
        assertFalse(p.contains(TOKEN), "the token leaked: " + p);
        assertFalse(p.contains("\n"), "one line: " + p);
        return p;
    }

    private KubernetesMockServer mock(boolean https) {
        // Expectations only (no CRUD): the CRUD dispatcher would answer /version itself.
        KubernetesMockServer server = new KubernetesMockServer(https);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.clearExpectations(); // the mock answers /version itself unless told otherwise
        open.add(server::destroy);
        return server;
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String p = probe("https://127.0.0.1:" + port + "/");
        assertTrue(p.contains("refused the connection: nothing is listening at 127.0.0.1:" + port), p);
        assertTrue(p.contains("is the cluster running"), p);
    }

    @Test
    void hostNameDoesNotResolve() {
        String p = probe("https://meshbench-nowhere.invalid:6443/");
        assertTrue(p.contains("the host name 'meshbench-nowhere.invalid' does not resolve"), p);
    }

    @Test
    void certificateOfAnotherCluster() {
        // The mock's self-signed certificate is not one the (empty) kubeconfig trusts.
        KubernetesMockServer server = mock(true);
        String p = probe(server.url("/"));
        assertTrue(p.contains("presented a certificate the kubeconfig does not trust"), p);
        assertTrue(p.contains("re-export the kubeconfig"), p);
        assertFalse(p.contains("BEGIN CERTIFICATE"), p);
    }

    @Test
    void serverThatNeverAnswers() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(silent);
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (!silent.isClosed()) held.add(silent.accept()); // accept, never answer
            } catch (Exception closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        open.add(() -> held.forEach(s -> {
            try {
                s.close();
            } catch (Exception ignored) {
                // closing
            }
        }));
        String p = probe("https://127.0.0.1:" + silent.getLocalPort() + "/");
        assertTrue(p.contains("did not answer within"), p);
    }

    @Test
    void unauthorized() {
        KubernetesMockServer server = mock(false);
        Status status = new StatusBuilder().withCode(401).withMessage("Unauthorized").withReason("Unauthorized").build();
        server.expect().get().withPath("/version").andReturn(401, status).always();
        String p = probe(server.url("/"));
        assertTrue(p.contains("rejected the credentials (401 Unauthorized)"), p);
    }

    @Test
    void forbiddenNamesVerbAndResource() {
        KubernetesMockServer server = mock(false);
        server.expect().get().withPath("/version").andReturn(200, Map.of("major", "1", "minor", "30", "gitVersion", "v1.30.0")).always();
        Status status = new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("nodes is forbidden: User \"system:serviceaccount:ci:bench\" cannot list resource \"nodes\" "
                        + "in API group \"\" at the cluster scope").build();
        server.expect().get().withPath("/api/v1/nodes?limit=1").andReturn(403, status).always();
        String p = probe(server.url("/"));
        assertTrue(p.contains("refused to let the context's user list nodes (403 Forbidden"), p);
        assertTrue(p.contains("auth can-i list nodes"), p);
    }

    @Test
    void aHealthyServerIsNoProblem() {
        KubernetesMockServer server = mock(false);
        server.expect().get().withPath("/version").andReturn(200, Map.of("major", "1", "minor", "30", "gitVersion", "v1.30.0")).always();
        server.expect().get().withPath("/api/v1/nodes?limit=1").andReturn(200, new io.fabric8.kubernetes.api.model.NodeListBuilder().build()).always();
        assertTrue(ApiServerProbe.problem(config(server.url("/")), "kind-bench").isEmpty());
    }
}
