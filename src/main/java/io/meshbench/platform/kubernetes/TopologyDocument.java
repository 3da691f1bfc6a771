package io.meshbench.platform.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology in isotope's YAML form, as the workload container reads it from its ConfigMap
 * ({@code MESHBENCH_TOPOLOGY}). Built as a tree of maps and written by Jackson, so names with odd
 * characters cannot break the document.
 */
final class TopologyDocument {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private TopologyDocument() {
    }

    static String yaml(Topology topology) {
        List<Object> services = new ArrayList<>();
        for (Service s : topology.services()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", s.name());
            if (s.entrypoint()) out.put("isEntrypoint", true);
            out.put("numReplicas", s.replicas());
            out.put("responseSize", s.responseSizeBytes() + " B");
            if (s.errorRate() > 0) out.put("errorRate", s.errorRate());
            out.put("script", steps(s.script()));
            services.add(out);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("services", services);
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write topology " + topology.name() + " as YAML", e);
        }
    }

    private static List<Object> steps(List<Step> steps) {
        List<Object> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Step.Sleep sleep) out.add(Map.of("sleep", duration(sleep.duration())));
            else if (step instanceof Step.Call call) {
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("service", call.service());
                target.put("payloadSize", call.payloadBytes() + " B");
                if (call.probabilityPercent() < 100) target.put("probability", call.probabilityPercent());
                out.add(Map.of("call", target));
            } else if (step instanceof Step.Concurrent group) out.add(steps(group.steps()));
        }
        return out;
    }

    private static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000 == 0) return nanos / 1_000_000 + "ms";
        if (nanos % 1_000 == 0) return nanos / 1_000 + "us";
        return nanos + "ns";
    }
}
