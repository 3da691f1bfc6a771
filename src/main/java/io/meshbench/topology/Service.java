package io.meshbench.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One synthetic service of a topology.
 *
 * @param responseSizeBytes body size of every response it sends
 * @param errorRate         fraction (0..1) of requests it answers with HTTP 500
 * @param script            steps run for every request, in order
 */
public record Service(String name, int replicas, boolean entrypoint, long responseSizeBytes,
                      double errorRate, List<Step> script) {

    public Service {
        script = List.copyOf(script);
    }

    /** Every service this one calls, in script order, each once. */
    public List<String> callees() {
        Set<String> out = new LinkedHashSet<>();
        collectCallees(script, out);
        return new ArrayList<>(out);
    }

    private static void collectCallees(List<Step> steps, Set<String> out) {
        for (Step step : steps) {
            if (step instanceof Step.Call call) out.add(call.service());
            else if (step instanceof Step.Concurrent group) collectCallees(group.steps(), out);
        }
    }
}
