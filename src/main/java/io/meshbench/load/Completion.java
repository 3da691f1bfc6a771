package io.meshbench.load;

import io.meshbench.workload.InjectedError;

/**
 * The one rule for "completed" that calibration and measurement share: a 2xx, or the HTTP 500
 * that a service's {@code errorRate} produces on purpose (marked by {@link InjectedError#HEADER}).
 * Anything else, and no response at all, is a failure.
 */
public final class Completion {
    private Completion() {
    }

    public static boolean completed(int status, boolean injected) {
        return (status >= 200 && status < 300) || (status == 500 && injected);
    }
}
