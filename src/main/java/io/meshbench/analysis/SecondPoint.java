package io.meshbench.analysis;

/**
 * One second of a measured window: requests completed in {@code [second, second + 1)} seconds
 * from the window's start, how many of them failed, and their p99 (null when none completed).
 */
public record SecondPoint(int second, long requests, long errors, Long p99Us) {

    public SecondPoint {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("second " + second + ": " + errors + " errors of " + requests + " requests");
        }
    }

    /** Failed ÷ completed, 0 when nothing completed. */
    public double errorShare() {
        return requests == 0 ? 0 : errors / (double) requests;
    }
}
