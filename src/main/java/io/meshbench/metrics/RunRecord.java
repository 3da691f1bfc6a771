package io.meshbench.metrics;

import io.meshbench.core.Target;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole run as measured: the input of analysis and reports, and what a stored run is re-read as.
 *
 * @param status      how the run ended (stored as its id)
 * @param environment versions, cores, nodes, node memory — never credentials
 * @param topology    name, source, services, edges, entrypoints, pods
 * @param scenario    name, rate_per_service, warmup_s, duration_s, repeat, connections, rate_scaled
 * @param modes       one entry per mode and repetition, in the order they ran
 * @param warnings    things the reader must know (rate scaled down, saturation, missing metrics)
 * @param schedule    the slots (repetition, mode) in the order they actually started; empty for runs stored before it
 */
public record RunRecord(String runId, Instant startedAt, Instant finishedAt, RunStatus status,
                        Target target, boolean emulated, Map<String, Object> environment,
                        Map<String, Object> topology, Map<String, Object> scenario,
                        List<ModeMeasurement> modes, List<String> warnings, List<ScheduledSlot> schedule) {

    public RunRecord {
        modes = List.copyOf(modes);
        warnings = List.copyOf(warnings);
        schedule = schedule == null ? List.of() : List.copyOf(schedule);
    }

    /** Without a schedule (runs stored before it was recorded, synthetic data). */
    public RunRecord(String runId, Instant startedAt, Instant finishedAt, RunStatus status, Target target, boolean emulated,
                     Map<String, Object> environment, Map<String, Object> topology, Map<String, Object> scenario,
                     List<ModeMeasurement> modes, List<String> warnings) {
        this(runId, startedAt, finishedAt, status, target, emulated, environment, topology, scenario, modes, warnings,
                List.of());
    }

    /**
     * One slot of the run: a fresh deployment of a mode for one repetition, and when it started.
     *
     * @param measured false for a rehearsal (repetition 0): deployed and loaded, never in a figure
     */
    public record ScheduledSlot(int repetition, io.meshbench.core.MeshMode mode, Instant startedAt, boolean measured) {
        public ScheduledSlot(int repetition, io.meshbench.core.MeshMode mode, Instant startedAt) {
            this(repetition, mode, startedAt, true);
        }
    }
}
