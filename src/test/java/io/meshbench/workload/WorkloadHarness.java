package io.meshbench.workload;

import io.meshbench.topology.Service;
import io.meshbench.topology.Step;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Starts workloads on loopback with one shared event-loop group and a name → address router. */
final class WorkloadHarness implements AutoCloseable {
    final WorkloadEventLoops loops = new WorkloadEventLoops(2, "test-workload");
    final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();
    final List<WorkloadServer> servers = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    final OutboundRouter router = callee -> {
        InetSocketAddress a = addresses.get(callee);
        if (a == null) throw new IllegalArgumentException("no such service " + callee);
        return new Route(a, null, a.toString());
    };

    static Service service(String name, double errorRate, long responseSize, Step... script) {
        return new Service(name, 1, false, responseSize, errorRate, List.of(script));
    }

    static Step.Call call(String callee) {
        return new Step.Call(callee, 0);
    }

    static Step.Sleep sleep(long millis) {
        return new Step.Sleep(Duration.ofMillis(millis));
    }

    WorkloadServer start(Service service) throws InterruptedException {
        return start(service, WorkloadServer.MAX_CONNECTIONS_PER_DESTINATION);
    }

    /** Without the churn probe, so tests of the pool and the recording count every call where they expect it. */
    WorkloadServer start(Service service, int maxConnections) throws InterruptedException {
        return start(service, maxConnections, 0);
    }

    WorkloadServer start(Service service, int maxConnections, double churnShare) throws InterruptedException {
        WorkloadServer s = WorkloadServer.start(new WorkloadConfig(service, service.name() + "-0",
                new InetSocketAddress("127.0.0.1", 0), router, loops.group(), 42), maxConnections, churnShare);
        servers.add(s);
        addresses.put(service.name(), s.address());
        return s;
    }

    HttpResponse<byte[]> get(WorkloadServer s, String path, String phase) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort() + path))
                .timeout(Duration.ofSeconds(20));
        if (phase != null) b.header(Phase.HEADER, phase);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        servers.forEach(WorkloadServer::close);
        loops.close();
    }
}
