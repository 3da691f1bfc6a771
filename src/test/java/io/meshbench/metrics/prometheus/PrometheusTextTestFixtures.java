package io.meshbench.metrics.prometheus;

import java.io.IOException;

/** The real ztunnel and Envoy expositions under src/test/resources/metrics, for tests in other packages. */
public final class PrometheusTextTestFixtures {
    private PrometheusTextTestFixtures() {
    }

    public static String read(String name) throws IOException {
        return PrometheusTextTest.fixture(name);
    }
}
