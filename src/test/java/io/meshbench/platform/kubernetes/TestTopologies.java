package io.meshbench.platform.kubernetes;

import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Small topologies and settings shared by the Kubernetes target's tests. */
final class TestTopologies {
    static final String GIT_TOKEN = "ghp_SECRETgitTOKEN0123456789abcdef";
    static final String ARGOCD_TOKEN = "argocd-SECRET-token-zyxwvu987654";

    private TestTopologies() {
    }

    /** frontend (entry, 2 replicas) → {cart, catalog concurrently} → db. */
    static Topology small() {
        return new Topology("small", "test", List.of(
                new Service("frontend", 2, true, 1024, 0, List.of(
                        new Step.Sleep(Duration.ofMillis(1)),
                        new Step.Concurrent(List.of(new Step.Call("cart", 100), new Step.Call("catalog", 0))))),
                new Service("cart", 1, false, 200, 0, List.of(new Step.Call("db", 10))),
                new Service("catalog", 1, false, 2048, 0.01, List.of(new Step.Sleep(Duration.ofNanos(250_000)))),
                new Service("db", 1, false, 64, 0, List.of())));
    }

    /** A deploy that should succeed gets a generous budget: it returns as soon as it is done, and a loaded 2-core CI machine is slow. */
    static KubernetesSettings settings(String runId, String deploy, String repo) throws PlatformException {
        return settings(runId, deploy, repo, "60s");
    }

    static KubernetesSettings settings(String runId, String deploy, String repo, String timeout) throws PlatformException {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", runId);
        p.setProperty("kube.context", "test-context");
        p.setProperty("deploy", deploy);
        if (repo != null) p.setProperty("gitops.repo", repo);
        p.setProperty("deploy.timeout", timeout);
        p.setProperty("kube.poll", "100ms");
        p.setProperty("image", "registry.example/meshbench/workload:test");
        return KubernetesSettings.fromProperties(p, Map.of(
                KubernetesSettings.GIT_TOKEN_ENV, GIT_TOKEN,
                KubernetesSettings.ARGOCD_TOKEN_ENV, ARGOCD_TOKEN));
    }
}
