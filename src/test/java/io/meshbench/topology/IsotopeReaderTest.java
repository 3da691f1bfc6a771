package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** isotope's MockServiceGraph files are read as they are. */
class IsotopeReaderTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    private static Step.Call call(String service, long bytes) {
        return new Step.Call(service, bytes);
    }

    @Test
    void readsTheShippedExample() {
        Topology t = TopologyLoader.load("isotope-example", PROJECT, 1, 100);
        assertEquals("topologies/isotope-example.yaml", t.source());
        assertEquals(List.of("frontend", "product", "cart", "recommend", "product-db", "cart-db"),
                t.services().stream().map(Service::name).toList());

        Service frontend = t.service("frontend").orElseThrow();
        assertTrue(frontend.entrypoint());
        assertEquals(2, frontend.replicas());
        assertEquals(10 * 1024, frontend.responseSizeBytes());
        assertEquals(List.of(
                new Step.Sleep(Duration.ofMillis(1)),
                new Step.Concurrent(List.of(call("product", 1024), call("cart", 2048))),
                call("recommend", 1024)), frontend.script());

        Service product = t.service("product").orElseThrow();
        assertEquals(0.0001, product.errorRate(), 1e-12);
        assertEquals(1, product.replicas(), "defaults.numReplicas");
        assertEquals(1024, product.responseSizeBytes(), "defaults.responseSize");
        assertEquals(0.0005, t.service("recommend").orElseThrow().errorRate(), 1e-12);
        assertEquals(List.of(call("cart-db", 512)), t.service("cart").orElseThrow().script());
        assertEquals(16 * 1024, t.service("product-db").orElseThrow().responseSizeBytes());
        assertEquals(100, t.service("cart-db").orElseThrow().responseSizeBytes());
        assertEquals(List.of(new Step.Concurrent(List.of(call("product", 1024), new Step.Sleep(Duration.ofMillis(5))))),
                t.service("recommend").orElseThrow().script());

        assertEquals(List.of("defaults.numRbacPolicies (not modelled)",
                "services[3].type: grpc (not modelled; served over HTTP)"), t.ignoredFields());
    }

    @Test
    void readsEveryFieldAndListsTheUnmodelledOnes() {
        Topology t = TopologyLoader.load("src/test/resources/topology/isotope-full.yaml", PROJECT, 1, 100);
        assertEquals("isotope-full", t.name(), "named after the file");
        Service gateway = t.service("gateway").orElseThrow();
        assertEquals(3, gateway.replicas());
        assertEquals(0.001, gateway.errorRate(), 1e-12);
        assertEquals(List.of(
                new Step.Concurrent(List.of(call("a", 100), call("b", 100), new Step.Sleep(Duration.ofNanos(100_000)))),
                call("c", 10L * 1024 * 1024)), gateway.script(), "payloadSize is isotope's name for size");
        Service a = t.service("a").orElseThrow();
        assertEquals(1, a.replicas());
        assertEquals(0.5, a.errorRate());
        assertEquals(1536, a.responseSizeBytes());
        assertEquals(List.of(new Step.Sleep(Duration.ofMillis(1500))), t.service("b").orElseThrow().script());
        assertEquals(1.0, t.service("c").orElseThrow().errorRate());
        assertEquals(List.of(
                "defaults.numRbacPolicies (not modelled)",
                "services[0].namespace (not modelled)",
                "services[0].script[1].call.call-override (not modelled)",
                "services[2].type: grpc (not modelled; served over HTTP)",
                "services[2].numRbacPolicies (not modelled)"), t.ignoredFields());
    }

    @Test
    void aNestedListIsEnoughToDetectIsotope() throws IOException {
        Path file = temp.resolve("tree.yaml");
        Files.writeString(file, """
                services:
                - name: root
                  isEntrypoint: yes
                  script:
                  - - call: left
                    - call: right
                - name: left
                - name: right
                  numRbacPolicies: 1
                """);
        Topology t = TopologyLoader.load(file.toString(), temp, 1, 100);
        assertEquals(List.of(new Step.Concurrent(List.of(call("left", 0), call("right", 0)))),
                t.service("root").orElseThrow().script());
        assertEquals(List.of("services[2].numRbacPolicies (not modelled)"), t.ignoredFields());
    }

    @Test
    void isotopeErrorsNameTheIsotopeFields() throws IOException {
        Path file = temp.resolve("bad-isotope.yaml");
        Files.writeString(file, """
                defaults:
                  numReplicas: 1
                services:
                - name: a
                  script:
                  - sleep: {SleepCommand: []}
                  - call: {service: a, size: 1 KB, payloadSize: 2 KB}
                """);
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(file.toString(), temp, 1, 100));
        String m = e.getMessage();
        assertTrue(m.contains(":6: services[0].script[0].sleep: only fixed sleeps"), m);
        assertTrue(m.contains(":7: services[0].script[1].call.payloadSize: give either size or payloadSize"), m);
        assertTrue(m.contains("call cycle a -> a"), m);
        assertTrue(m.contains("isEntrypoint: true"), m);
    }
}
