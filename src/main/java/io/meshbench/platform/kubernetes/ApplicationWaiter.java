package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.meshbench.platform.PlatformException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits on a watch (fabric8's waitUntilCondition) until an Application is Synced + Healthy at
 * the expected revision, fails fast when it turns Degraded (naming the failing resources from its
 * status), and gives up at the deadline with the last status seen.
 */
final class ApplicationWaiter {
    private final KubernetesClient client;

    ApplicationWaiter(KubernetesClient client) {
        this.client = client;
    }

    DeployTiming await(String name, String expectedRevision, Instant deadline) throws PlatformException {
        AtomicReference<ApplicationStatus> last = new AtomicReference<>(ApplicationStatus.of(null));
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        try {
            client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace(Prerequisites.ARGOCD_NAMESPACE)
                    .withName(name).waitUntilCondition(app -> {
                        ApplicationStatus s = ApplicationStatus.of(app);
                        last.set(s);
                        return s.syncedAndHealthy(expectedRevision) || s.failed();
                    }, left, TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            ApplicationStatus s = last.get();
            List<String> problems = new ArrayList<>();
            problems.add("Application " + name + " not Synced + Healthy within the deploy timeout (" + s.summary()
                    + ") — see 'kubectl -n argocd get application " + name + " -o yaml', or raise -Ddeploy.timeout");
            s.unhealthyResources().forEach(r -> problems.add("  " + r));
            throw new PlatformException(problems, e);
        }
        ApplicationStatus s = last.get();
        if (s.failed()) {
            List<String> problems = new ArrayList<>();
            problems.add("Application " + name + " failed: " + s.summary());
            s.unhealthyResources().forEach(r -> problems.add("  " + r));
            if (s.unhealthyResources().isEmpty()) problems.add("  (its status names no unhealthy resource)");
            throw new PlatformException(problems, null);
        }
        return new DeployTiming(s.startedAt(), s.finishedAt(), "ArgoCD operationState startedAt → finishedAt");
    }

}
