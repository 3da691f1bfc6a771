package io.meshbench.workload;

/**
 * The mark of an HTTP 500 a workload returns on purpose, at its service's {@code errorRate}: the
 * response carries {@value #HEADER}{@code : }{@value #VALUE}. The one name the workload sets and the
 * load generator and calibration read (their rule: {@code load.Completion}).
 */
public final class InjectedError {
    public static final String HEADER = "x-meshbench-injected-error";
    public static final String VALUE = "1";

    private InjectedError() {
    }
}
