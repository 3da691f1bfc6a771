package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.prometheus.Exposition;
import io.meshbench.metrics.prometheus.MetricFamily;
import io.meshbench.metrics.prometheus.PrometheusText;
import io.meshbench.metrics.prometheus.Sample;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin port serves text 0.0.4 or OpenMetrics per the Accept header; both parse to the same samples. */
class AdminServerFormatsTest {

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private Channel channel;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) channel.close().sync();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private static HttpResponse<String> get(InetSocketAddress at, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + AdminServer.PATH))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) b.header("Accept", accept);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> series(List<MetricFamily> families) {
        return families.stream().flatMap(f -> f.samples().stream()).map(Sample::seriesId).collect(Collectors.toSet());
    }

    @Test
    void servesBothFormatsPerAcceptHeader() throws Exception {
        ProxyMetrics metrics = new ProxyMetrics(() -> 4096);
        ProxyMetrics.Peer a = new ProxyMetrics.Peer("a", "ns", "spiffe://cluster.local/ns/ns/sa/a", "a");
        ProxyMetrics.Peer b = new ProxyMetrics.Peer("b", "ns", "spiffe://cluster.local/ns/ns/sa/b", "b");
        metrics.request("destination", a, b, 200, 3.0, "-", "mutual_tls");
        channel = AdminServer.bind(group, ByteBufAllocator.DEFAULT, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                metrics::render);
        InetSocketAddress at = (InetSocketAddress) channel.localAddress();

        HttpResponse<String> text = get(at, "text/plain;version=0.0.4");
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Exposition plain = PrometheusText.read(text.body(), "0.0.4");
        assertFalse(plain.openMetrics());
        assertTrue(plain.skipped().isEmpty(), plain.warnings().toString());

        HttpResponse<String> om = get(at, "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5");
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(om.body().endsWith("# EOF\n"), om.body());
        assertTrue(om.body().contains("# TYPE istio_requests counter\n"), "OpenMetrics declares counters without _total");
        Exposition open = PrometheusText.read(om.body(), "openmetrics");
        assertTrue(open.openMetrics());
        assertTrue(open.skipped().isEmpty(), open.warnings().toString());
        // The same series in both; OpenMetrics adds nothing else than what simpleclient writes for it.
        Set<String> fromText = series(plain.families());
        Set<String> fromOpen = series(open.families());
        assertTrue(fromOpen.containsAll(fromText), "missing in OpenMetrics: " + fromText.stream().filter(s -> !fromOpen.contains(s)).toList());
        assertEquals(3.0, open.families().stream().filter(f -> f.name().equals("istio_request_duration_milliseconds"))
                .flatMap(f -> f.samplesNamed("istio_request_duration_milliseconds_sum").stream()).findFirst().orElseThrow().value());

        assertTrue(get(at, null).headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                "no Accept header: text 0.0.4");
    }
}
