package io.meshbench.analysis;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one repetition of one mode measured around its fault, second by second: the whole
 * traffic as the injector saw it ({@code total}), and each service's served requests (for the
 * blast radius). Seconds count from the start of the measured window.
 *
 * @param faultAtS             when the fault was injected, in seconds from the window's start
 * @param total                every second of the window, in order
 * @param services             per service, its seconds (same numbering)
 * @param steadyP99Us          p99 of the whole traffic before the fault (from its histograms); null
 *                             to take the median of the per-second p99s before the fault
 * @param steadyP99UsByService the same per service; a missing service uses its own pre-fault median
 */
public record DisruptionTimeline(String mode, int repetition, double faultAtS, List<SecondPoint> total,
                                 Map<String, List<SecondPoint>> services, Long steadyP99Us,
                                 Map<String, Long> steadyP99UsByService) {

    public DisruptionTimeline {
        total = List.copyOf(total);
        services = new TreeMap<>(services);
        steadyP99UsByService = Map.copyOf(steadyP99UsByService);
        for (int i = 1; i < total.size(); i++) {
            if (total.get(i).second() != total.get(i - 1).second() + 1) {
                throw new IllegalArgumentException("timeline of " + mode + " r" + repetition + " is not one point per second "
                        + "at second " + total.get(i).second());
            }
        }
        if (faultAtS < 0) throw new IllegalArgumentException("fault before the window: " + faultAtS);
    }

    /** The second the fault fell in. */
    public int faultSecond() {
        return (int) Math.floor(faultAtS);
    }
}
