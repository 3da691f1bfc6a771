package io.meshbench.platform.local.mesh;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A proxy's registry in the Prometheus text format (0.0.4) as Envoy and ztunnel write theirs:
 * simpleclient's own writer over its own sample-name filter, which leaves out the
 * {@code _created} series simpleclient adds to counters and histograms (real proxies have none).
 */
final class ProxyExposition {

    private ProxyExposition() {
    }

    static String text004(CollectorRegistry registry) {
        StringWriter out = new StringWriter(4096);
        try {
            TextFormat.write004(out, registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
