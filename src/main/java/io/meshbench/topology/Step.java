package io.meshbench.topology;

import java.time.Duration;
import java.util.List;

/** One step of a service's script. Steps run in order; a {@link Concurrent} group runs its steps at once. */
public sealed interface Step permits Step.Sleep, Step.Call, Step.Concurrent {

    /** Holds the request for a fixed time, as a service doing local work would. */
    record Sleep(Duration duration) implements Step {
        public Sleep {
            if (duration.isNegative()) throw new IllegalArgumentException("sleep duration is negative: " + duration);
        }
    }

    /** Calls another service and waits for its response. */
    record Call(String service, long payloadBytes) implements Step {
        public Call {
            if (payloadBytes < 0) throw new IllegalArgumentException("payload size is negative: " + payloadBytes);
        }
    }

    /** Runs every step at once and continues when the slowest finishes. */
    record Concurrent(List<Step> steps) implements Step {
        public Concurrent {
            steps = List.copyOf(steps);
        }
    }
}
