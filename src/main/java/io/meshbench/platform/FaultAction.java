package io.meshbench.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link Disruptor} did, as the target reported it: never a model of what it should have done.
 *
 * @param action           "restart-pod", "restart-dataplane", "rollout" or "rollback"
 * @param service          the service it aimed at
 * @param removed          what was killed or withdrawn: pods ({@code namespace/name}), processes
 *                         ({@code pid 1234 sidecar cart-0}), or objects ({@code Deployment ns/cart-v2})
 * @param added            what replaced it or was added, in the same form
 * @param started          when the harness issued the action (delete, kill, commit pushed)
 * @param ready            when the replacement was ready for traffic (readiness seen, or the sync
 *                         Synced + Healthy); null when nothing needed to come back
 * @param trafficSharePct  rollout only: the share of the service's traffic the new version gets —
 *                         the canary weight where the mode splits L7 traffic, 100 where it cannot;
 *                         null for the other actions
 * @param method           how it was done, e.g. "pod delete; ReplicaSet recreated it; readiness from a watch"
 * @param note             a caveat the report must show, or null
 */
public record FaultAction(String action, String service, List<String> removed, List<String> added,
                          Instant started, Instant ready, Double trafficSharePct, String method, String note) {

    public FaultAction {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }

    /** Time from the action to the replacement's readiness; null when nothing came back. */
    public Duration timeToReady() {
        return ready == null ? null : Duration.between(started, ready);
    }
}
