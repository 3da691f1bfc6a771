package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One quick look at the API server before any other check: is something listening at the
 * kubeconfig's URL, does its name resolve, is its certificate the one the kubeconfig trusts, does
 * it answer, does it take the credentials, may they list nodes. Each failure becomes one message
 * naming the context, the server URL, the cause and the fix.
 *
 * <p>It uses a client of its own with fabric8's request retries switched off and short timeouts:
 * fabric8's default (ten retries with exponential backoff per request) turned nine checks against a
 * refusing server into minutes of the same useless error. The whole probe is also bounded by
 * {@link #OVERALL}, whatever the HTTP client does, so a diagnosis comes within about 10 s. Messages never carry a token or a certificate:
 * they are built from the exception's kind, the URL and the API server's own status text.
 */
public final class ApiServerProbe {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final Duration OVERALL = Duration.ofSeconds(8);

    private static final Pattern FORBIDDEN = Pattern.compile("cannot (\\w+) resource \"([^\"]+)\"");

    private ApiServerProbe() {
    }

    /** The diagnosis when the API server cannot be used, or empty when it answered and lets us list nodes. */
    public static Optional<String> problem(Config config, String context) {
        String url = config.getMasterUrl();
        Config quick = new ConfigBuilder(config)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout((int) CONNECT_TIMEOUT.toMillis())
                .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
                .build();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "meshbench-api-probe");
            t.setDaemon(true);
            return t;
        });
        KubernetesClient client = new KubernetesClientBuilder().withConfig(quick).build();
        try {
            Future<?> probe = runner.submit(() -> {
                version(client, url);
                client.nodes().list(new ListOptionsBuilder().withLimit(1L).build());
                return null;
            });
            probe.get(OVERALL.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of(timeout(context, url, OVERALL));
        } catch (ExecutionException e) {
            return Optional.of(diagnose(e.getCause(), context, url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while reaching the API server of context " + context + " (" + url + ")");
        } finally {
            runner.shutdownNow();
            // Closing a client stuck in a TLS handshake can take seconds: the diagnosis does not wait for it.
            Thread closer = new Thread(client::close, "meshbench-api-probe-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /**
     * GET /version with the context's credentials. Not {@code getKubernetesVersion()}: that one
     * returns without an error when the server answers 401.
     */
    private static void version(KubernetesClient client, String url) throws Exception {
        HttpClient http = client.getHttpClient();
        String base = url.endsWith("/") ? url : url + "/";
        HttpResponse<String> response = http.sendAsync(http.newHttpRequestBuilder().uri(base + "version").build(), String.class)
                .get(OVERALL.toMillis(), TimeUnit.MILLISECONDS);
        if (response.code() != 200) {
            String body = response.body() == null ? "" : response.body();
            Status status = null;
            try {
                status = Serialization.unmarshal(body, Status.class);
            } catch (RuntimeException notAStatus) {
                // a body that is no Status: the code alone tells
            }
            throw new KubernetesClientException(status != null && status.getMessage() != null ? status.getMessage()
                    : "GET /version answered HTTP " + response.code(), response.code(), status);
        }
    }

    /** One message for a failed request to the API server: its cause and what fixes it. */
    static String diagnose(Throwable failure, String context, String url) {
        String at = "the API server of context '" + context + "' (" + url + ")";
        KubernetesClientException status = find(failure, KubernetesClientException.class, true);
        if (status != null && status.getCode() == 401) {
            return at + " rejected the credentials (401 Unauthorized): the token or client certificate of the "
                    + "context's user is wrong or expired — refresh them (e.g. your cloud's 'get-credentials', or "
                    + "'kind export kubeconfig --name <cluster>') and check with 'kubectl --context " + context + " get nodes'";
        }
        if (status != null && status.getCode() == 403) {
            return forbidden(status, context, at);
        }
        if (find(failure, UnknownHostException.class, false) != null) {
            return at + " cannot be found: the host name '" + host(url) + "' does not resolve (DNS) — fix the 'server:' "
                    + "of the context's cluster in the kubeconfig, or connect the VPN/network that resolves it";
        }
        if (isTimeout(failure)) return timeout(context, url, REQUEST_TIMEOUT);
        if (find(failure, SSLException.class, false) != null || find(failure, CertificateException.class, false) != null) {
            Throwable root = root(failure);
            return at + " presented a certificate the kubeconfig does not trust for this address (TLS: "
                    + oneLine(root.getMessage()) + ") — the cluster's certificate-authority-data belongs to another "
                    + "cluster or the server address changed: re-export the kubeconfig for this cluster (e.g. 'kind "
                    + "export kubeconfig --name <cluster>') or correct the 'server:' URL";
        }
        if (find(failure, ConnectException.class, false) != null || find(failure, NoRouteToHostException.class, false) != null) {
            return at + " refused the connection: nothing is listening at " + hostPort(url) + " — is the cluster "
                    + "running ('kind get clusters', 'docker ps'), and does the context's 'server:' name the right port?";
        }
        if (status != null && status.getCode() > 0) {
            return at + " answered HTTP " + status.getCode() + " (" + statusText(status) + ") — check 'kubectl --context "
                    + context + " get --raw /version'";
        }
        Throwable root = root(failure);
        return at + " could not be reached: " + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage())
                + " — check 'kubectl --context " + context + " get --raw /version'";
    }

    /** A 403 names the verb and resource refused (from the API server's status), and how to grant them. */
    static String forbidden(KubernetesClientException e, String context, String at) {
        String text = statusText(e);
        Matcher m = FORBIDDEN.matcher(text);
        boolean named = m.find();
        String verb = named ? m.group(1) : "list";
        String resource = named ? m.group(2) : "nodes";
        return at + " refused to let the context's user " + verb + " " + resource + " (403 Forbidden: " + text
                + ") — grant it (a ClusterRole with '" + verb + "' on '" + resource + "'), or use a context with more "
                + "rights; 'kubectl --context " + context + " auth can-i " + verb + " " + resource + "' shows the answer";
    }

    private static String timeout(String context, String url, Duration waited) {
        return "the API server of context '" + context + "' (" + url + ") did not answer within "
                + waited.toSeconds() + " s — a firewall, VPN or proxy may drop the traffic, or the server is "
                + "overloaded; check 'kubectl --context " + context + " get --raw /version --request-timeout=5s'";
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) return true;
            String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (name.contains("timeout") || message.contains("timed out") || message.contains("timeout period")) return true;
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type, boolean withCode) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                T found = type.cast(t);
                if (!withCode || ((KubernetesClientException) t).getCode() > 0) return found;
            }
        }
        return null;
    }

    private static Throwable root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static String statusText(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) return oneLine(e.getStatus().getMessage());
        return oneLine(e.getMessage());
    }

    private static String oneLine(String s) {
        if (s == null) return "no detail";
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String hostPort(String url) {
        try {
            URI u = URI.create(url);
            int port = u.getPort() > 0 ? u.getPort() : "http".equals(u.getScheme()) ? 80 : 443;
            return u.getHost() + ":" + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
