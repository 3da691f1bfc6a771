package io.meshbench.platform;

import io.meshbench.metrics.InjectorResult;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Entry traffic injected from inside the target instead of by Gatling in this JVM (on Kubernetes:
 * an injector Job, so no request passes through a port-forward). The run asks a deployment for it
 * ({@link Deployment#entryInjection()}) when its platform says it injects
 * ({@link Platform#injectsEntryTraffic()}).
 */
public interface EntryInjection {

    /**
     * Sends one phase's open-model entry traffic, round-robin over the entry points, and returns
     * once it is over with every injector's counts merged.
     *
     * @param requestNameOfService Gatling request name of an entry-point service
     * @param phaseRps             the phase's whole rate
     * @param phase                the value of the workload's phase header
     */
    InjectorResult inject(UnaryOperator<String> requestNameOfService, double phaseRps, Duration duration, String phase)
            throws PlatformException;
}
