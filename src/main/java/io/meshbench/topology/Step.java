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

    /**
     * Calls another service and waits for its response.
     *
     * @param probabilityPercent the share of requests (1..100 %) that make this call, as isotope's
     *                           {@code probability}; the other requests skip it
     */
    record Call(String service, long payloadBytes, int probabilityPercent) implements Step {
        public Call {
            if (payloadBytes < 0) throw new IllegalArgumentException("payload size is negative: " + payloadBytes);
            if (probabilityPercent < 1 || probabilityPercent > 100) {
                throw new IllegalArgumentException("call probability must be 1..100 %: " + probabilityPercent);
            }
        }

        /** A call every request makes. */
        public Call(String service, long payloadBytes) {
            this(service, payloadBytes, 100);
        }

        /** The expected number of times one run of the script makes this call. */
        public double expectedCalls() {
            return probabilityPercent / 100.0;
        }
    }

    /** Runs every step at once and continues when the slowest finishes. */
    record Concurrent(List<Step> steps) implements Step {
        public Concurrent {
            steps = List.copyOf(steps);
        }
    }
}
