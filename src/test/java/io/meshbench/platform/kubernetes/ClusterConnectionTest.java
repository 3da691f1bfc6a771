package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConnectionTest {
    @TempDir
    Path tmp;

    private Path kubeconfig() throws Exception {
        return kubeconfig("https://127.0.0.1:41000");
    }

    private Path kubeconfig(String benchServer) throws Exception {
        // Built as data, not as a template: two clusters, laptop's current context is "prod".
        Map<String, Object> doc = Map.of(
                "apiVersion", "v1", "kind", "Config", "current-context", "prod",
                "clusters", java.util.List.of(
                        Map.of("name", "prod", "cluster", Map.of("server", "https://prod.example:6443")),
                        Map.of("name", "kind-bench", "cluster", Map.of("server", benchServer))),
                "contexts", java.util.List.of(
                        Map.of("name", "prod", "context", Map.of("cluster", "prod", "user", "u")),
                        Map.of("name", "kind-bench", "context", Map.of("cluster", "kind-bench", "user", "u"))),
                "users", java.util.List.of(Map.of("name", "u", "user", Map.of("token", "kube-SECRET-token"))));
        Path file = tmp.resolve("kubeconfig");
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).writeValueAsString(doc));
        return file;
    }

    private KubernetesSettings settings(String context, Path kubeconfig) throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "c1");
        p.setProperty("deploy", "direct");
        if (context != null) p.setProperty("kube.context", context);
        p.setProperty("kubeconfig", kubeconfig.toString());
        return KubernetesSettings.fromProperties(p, Map.of());
    }

    @Test
    void refusesWithoutAnExplicitContextAndNeverFallsBackToTheCurrentOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlatformException e = assertThrows(PlatformException.class,
                () -> ClusterConnection.open(settings(null, kubeconfig()), new PrintStream(out, true)));
        assertTrue(e.getMessage().contains("-Dkube.context="), e.getMessage());
        assertTrue(e.getMessage().contains("prod, kind-bench"), e.getMessage());
        assertEquals("", out.toString(), "nothing is connected to");
    }

    @Test
    void refusesAnUnknownContext() throws Exception {
        PlatformException e = assertThrows(PlatformException.class,
                () -> ClusterConnection.open(settings("staging", kubeconfig()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("no context 'staging'"), e.getMessage());
    }

    @Test
    void printsTheContextAndApiServerItWillUse() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (KubernetesClient client = ClusterConnection.open(settings("kind-bench", kubeconfig()), new PrintStream(out, true))) {
            assertTrue(client.getMasterUrl().toString().startsWith("https://127.0.0.1:41000"));
        }
        assertTrue(out.toString().contains("context kind-bench, API server https://127.0.0.1:41000"), out.toString());
        assertTrue(!out.toString().contains("kube-SECRET-token"));
    }

    @Test
    void anUnreadableKubeconfigIsNamed() {
        PlatformException e = assertThrows(PlatformException.class,
                () -> ClusterConnection.open(settings("x", tmp.resolve("nope")), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("-Dkubeconfig=" + tmp.resolve("nope")), e.getMessage());
    }

    @Test
    void anUnreachableApiServerIsOneProblemNamingContextUrlAndFixWithoutRetries() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(out, true);
        KubernetesSettings settings = settings("kind-bench", kubeconfig("https://127.0.0.1:" + port));
        KubernetesPlatform platform = new KubernetesPlatform(settings, ClusterConnection.open(settings, log), log,
                c -> new FakeEntryAccess());
        try {
            long t0 = System.nanoTime();
            PlatformException e = assertThrows(PlatformException.class, () -> platform.check(TestTopologies.small(),
                    java.util.List.of(io.meshbench.core.MeshMode.BASELINE, io.meshbench.core.MeshMode.AMBIENT)));
            System.out.printf("check against a refusing API server failed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(1, e.problems().size(), e.problems().toString());
            String p = e.problems().get(0);
            assertTrue(p.contains("context 'kind-bench' (https://127.0.0.1:" + port), p);
            assertTrue(p.contains("refused the connection"), p);
            assertTrue(!p.contains("kube-SECRET-token") && !out.toString().contains("kube-SECRET-token"), p);
        } finally {
            platform.close();
        }
    }
}
