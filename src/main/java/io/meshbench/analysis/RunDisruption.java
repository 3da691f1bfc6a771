package io.meshbench.analysis;

import io.meshbench.platform.FaultAction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a disruption scenario measured across the run: per mode, each repetition's per-second
 * timeline, the figures computed from it ({@link DisruptionAnalysis}), and what the target did.
 * A stored run read back has the figures only (timelines and actions are not stored): its
 * {@code timelines} and {@code actions} are then empty.
 *
 * @param scenario     the scenario's name
 * @param kind         the fault's kind ("restart-pod", "restart-dataplane", "bad-rollout")
 * @param service      the service it hit
 * @param thresholdPct error share per second that counts as disrupted
 */
public record RunDisruption(String scenario, String kind, String service, double thresholdPct,
                            Map<String, List<DisruptionTimeline>> timelines,
                            Map<String, List<DisruptionFigures>> figures,
                            Map<String, List<FaultAction>> actions) {

    /** The disruption figures compared between every pair of modes (detect_s only for a bad rollout). */
    public static final List<Metric> COMPARED = List.of(Metric.DISRUPTION_RECOVER_S, Metric.DISRUPTION_FAILED_REQUESTS,
            Metric.DISRUPTION_FAILED_SHARE, Metric.DISRUPTION_AFFECTED_SERVICES, Metric.DISRUPTION_P99_DURING,
            Metric.DISRUPTION_DETECT_S);

    public RunDisruption {
        timelines = copy(timelines);
        figures = copy(figures);
        actions = copy(actions);
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> in) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The repetition's disruption figures as metric values, for {@link ModeResult#perRepetition}. */
    static Map<Metric, Double> values(DisruptionFigures f) {
        Map<Metric, Double> v = new java.util.EnumMap<>(Metric.class);
        for (Metric m : COMPARED) v.put(m, f.value(m));
        return v;
    }
}
