package io.meshbench.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/** The topology block of {@code results.json}. */
public final class TopologySummary {

    private TopologySummary() {
    }

    /**
     * name, source, services, edges (distinct caller→callee pairs), entrypoints (count),
     * entrypoint_names, pods (sum of replicas), max_depth (services on the longest call path),
     * ignored_fields (isotope fields read but not modelled).
     */
    public static Map<String, Object> summary(Topology topology) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", topology.name());
        out.put("source", topology.source());
        out.put("services", topology.services().size());
        out.put("edges", topology.edgeCount());
        out.put("entrypoints", topology.entrypoints().size());
        out.put("entrypoint_names", topology.entrypoints().stream().map(Service::name).toList());
        out.put("pods", topology.podCount());
        out.put("max_depth", maxDepth(topology));
        out.put("ignored_fields", topology.ignoredFields());
        out.put("notes", topology.notes());
        return out;
    }

    /** Services on the longest call path; a lone service has depth 1. */
    public static int maxDepth(Topology topology) {
        return new CallGraph(topology.services()).maxDepth();
    }
}
