package io.meshbench.load;

import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns "N requests per second per service" into the entry rate Gatling injects: services handle
 * {@code ratePerService × services} requests per second in total, and one entry request costs as
 * many service invocations as its call tree has nodes.
 */
public final class EntryRates {
    private EntryRates() {
    }

    /** Entry requests per second, summed over all entry points, for this per-service rate. */
    public static double totalEntryRate(Topology topology, double ratePerService) {
        double invocationsPerRound = topology.entrypoints().stream()
                .mapToDouble(e -> invocationsPerRequest(topology, e.name()))
                .sum();
        int entries = topology.entrypoints().size();
        // entries × r entry requests cause r × invocationsPerRound service invocations per second.
        return ratePerService * topology.services().size() * entries / invocationsPerRound;
    }

    /** Service invocations one request to {@code service} causes, itself included. */
    public static double invocationsPerRequest(Topology topology, String service) {
        return invocations(topology, service, new HashMap<>());
    }

    private static double invocations(Topology topology, String service, Map<String, Double> memo) {
        Double known = memo.get(service);
        if (known != null) return known;
        Service s = topology.service(service).orElseThrow();
        double total = 1 + callsIn(topology, s.script(), memo);
        memo.put(service, total);
        return total;
    }

    private static double callsIn(Topology topology, List<Step> steps, Map<String, Double> memo) {
        double sum = 0;
        for (Step step : steps) {
            if (step instanceof Step.Call call) sum += call.expectedCalls() * invocations(topology, call.service(), memo);
            else if (step instanceof Step.Concurrent group) sum += callsIn(topology, group.steps(), memo);
        }
        return sum;
    }
}
