package io.meshbench.platform;

/**
 * The faults a disruption scenario injects into one running {@link Deployment}, with Kubernetes'
 * semantics on every target: a restarted pod or proxy is a fresh process, and it counts as back
 * only once its readiness is seen — never after a fixed sleep standing in for it. Each call
 * returns when the replacement is ready (or throws naming what did not come back), and says what
 * it killed and what replaced it, so a test and the report can show the fault really happened.
 *
 * <p>Per mode:
 * <ul>
 *   <li>{@link #restartPod}: one workload pod of the service is killed and its controller starts a
 *       new one. In sidecar mode the new pod is ready only once its proxy is; an ambient pod only
 *       needs to be enrolled with its node's ztunnel.
 *   <li>{@link #restartDataPlaneOf}: sidecar — the proxy of one pod of the service; ambient — the
 *       ztunnel of the node that pod runs on, which serves every ambient pod on that node; waypoint —
 *       the waypoint of the namespace; baseline has no data plane and nothing is restarted (the
 *       action says so), which makes baseline the control.
 *   <li>{@link #rollOut}: a new version of the service ({@link BadVersion}). Where the mode can split
 *       L7 traffic by weight (sidecar, waypoint) it gets the canary weight beside the old version.
 *       In ambient without a waypoint an L7 weighted canary is impossible — ztunnel sees only L4 —
 *       so the rollout goes to all pods of the version: every pod of the service runs the new
 *       version, and the returned {@link FaultAction#trafficSharePct()} is 100 with a note saying
 *       why. Baseline (no mesh) is the same.
 *   <li>{@link #rollBack}: undoes the service's rollout and returns when the old version serves all
 *       traffic again.
 * </ul>
 */
public interface Disruptor {

    /** Kills one workload pod of the service; returns once its replacement is ready. */
    FaultAction restartPod(String service) throws PlatformException;

    /** Restarts the data plane serving one pod of the service; returns once it is ready again. */
    FaultAction restartDataPlaneOf(String service) throws PlatformException;

    /** Rolls the bad version of the service out; returns once it is serving. */
    FaultAction rollOut(String service, BadVersion version) throws PlatformException;

    /** Rolls the service's last rollout back; returns once the old version serves all traffic. */
    FaultAction rollBack(String service) throws PlatformException;
}
