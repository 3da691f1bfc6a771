package io.meshbench.workload;

/** Steers a workload's outbound calls: directly to a callee pod, or into its mesh data plane. */
@FunctionalInterface
public interface OutboundRouter {

    /** The route for one call to {@code callee} (a service name). May load-balance between calls. */
    Route route(String callee);
}
