package io.meshbench.workload;

/**
 * How one outbound call ended.
 *
 * @param status HTTP status, or 0 when no response arrived (connect error, timeout, reset)
 * @param nanos  from issuing the call (before waiting for a connection) to the response's last byte
 * @param error  why no response arrived, or null
 */
record CallResult(int status, long nanos, Throwable error) {

    boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
