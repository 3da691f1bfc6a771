package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ArgoCD Application's status the harness acts on:
 * {@code status.sync.status/revision}, {@code status.health.status},
 * {@code status.operationState.{phase,message,startedAt,finishedAt}} and {@code status.resources}.
 */
record ApplicationStatus(String sync, String revision, String health, String phase, String message,
                         Instant startedAt, Instant finishedAt, List<String> unhealthyResources) {

    static ApplicationStatus of(GenericKubernetesResource app) {
        Map<String, Object> status = app == null ? Map.of() : map(app.getAdditionalProperties().get("status"));
        Map<String, Object> sync = map(status.get("sync"));
        Map<String, Object> health = map(status.get("health"));
        Map<String, Object> op = map(status.get("operationState"));
        List<String> unhealthy = new ArrayList<>();
        if (status.get("resources") instanceof List<?> resources) {
            for (Object r : resources) {
                Map<String, Object> res = map(r);
                Map<String, Object> h = map(res.get("health"));
                Object hs = h.get("status");
                if (hs != null && !"Healthy".equals(hs)) {
                    unhealthy.add(res.get("kind") + " " + res.get("namespace") + "/" + res.get("name") + " is " + hs
                            + (h.get("message") == null ? "" : ": " + h.get("message")));
                }
            }
        }
        return new ApplicationStatus(text(sync.get("status")), text(sync.get("revision")), text(health.get("status")),
                text(op.get("phase")), text(op.get("message")), time(op.get("startedAt")), time(op.get("finishedAt")),
                unhealthy);
    }

    boolean syncedAndHealthy(String expectedRevision) {
        return "Synced".equals(sync) && "Healthy".equals(health) && "Succeeded".equals(phase) && finishedAt != null
                && (expectedRevision == null || revision == null || expectedRevision.equals(revision));
    }

    /** Degraded once the sync operation stopped, or the operation itself failed for good. */
    boolean failed() {
        boolean operationOver = phase != null && !"Running".equals(phase) && !"Terminating".equals(phase);
        return ("Degraded".equals(health) && operationOver) || "Failed".equals(phase) || "Error".equals(phase);
    }

    String summary() {
        return "sync=" + sync + ", health=" + health + ", operation=" + phase + (message == null ? "" : " (" + message + ")");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static Instant time(Object o) {
        return o == null ? null : Instant.parse(o.toString());
    }
}
