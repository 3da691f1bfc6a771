package io.meshbench.platform.local.mesh;

/**
 * Where a proxy gets a workload's certificate: the run's CA itself (embedded data planes) or the
 * control plane over its SDS stand-in (a proxy in its own process).
 */
@FunctionalInterface
public interface IdentityIssuer {
    WorkloadIdentity issue(String spiffeId);
}
