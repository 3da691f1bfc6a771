package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyWriterTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    private Topology roundTrip(Topology t) throws IOException {
        Path file = temp.resolve(t.name() + ".yaml");
        Files.writeString(file, TopologyWriter.toYaml(t));
        return TopologyLoader.load(file.toString(), temp, 1, 10_000);
    }

    private void assertRoundTrips(Topology t) throws IOException {
        Topology back = roundTrip(t);
        assertEquals(t.name(), back.name());
        assertEquals(t.services(), back.services());
    }

    @Test
    void generatedGraphsRoundTrip() throws IOException {
        for (int n : new int[] {1, 3, 142, 2000}) assertRoundTrips(TopologyGenerator.generate(n, 9));
    }

    @Test
    void shippedFilesRoundTripIncludingIsotope() throws IOException {
        for (String name : List.of("small", "tiny", "isotope-example")) {
            assertRoundTrips(TopologyLoader.load(name, PROJECT, 1, 100));
        }
        assertRoundTrips(TopologyLoader.load("src/test/resources/topology/isotope-full.yaml", PROJECT, 1, 100));
    }

    @Test
    void oddValuesRoundTrip() throws IOException {
        Topology t = new Topology("odd.values-1", "test", List.of(
                new Service("front", 100, true, 1500, 1.0E-4, List.of(
                        new Step.Sleep(Duration.ofNanos(7)),
                        new Step.Concurrent(List.of(new Step.Call("true", 3 * Quantities.MIB),
                                new Step.Concurrent(List.of(new Step.Call("no", 0), new Step.Sleep(Duration.ofSeconds(60)))))))),
                new Service("true", 1, false, 0, 0.3333333333333333, List.of()),
                new Service("no", 2, false, 64 * Quantities.MIB, 1.0, List.of())));
        assertRoundTrips(t);
    }

    @Test
    void whatIsMountedIntoPodsReadsBackWithoutAFile() {
        Topology t = TopologyGenerator.generate(142, 1);
        Topology back = TopologyLoader.fromYaml(TopologyWriter.toYaml(t), "/etc/meshbench/topology.yaml", 1000);
        assertEquals(t.services(), back.services());
        assertEquals("/etc/meshbench/topology.yaml", back.source());
    }

    @Test
    void writesReadableMeshbenchFormat() {
        String yaml = TopologyWriter.toYaml(TopologyLoader.load("small", PROJECT, 1, 100));
        assertTrue(yaml.startsWith("name: small\nservices:\n- name: storefront\n  entrypoint: true\n  replicas: 2\n"), yaml);
        assertTrue(yaml.contains("  - concurrent:\n    - call: {service: catalog, size: 256 B}\n"), yaml);
        assertTrue(yaml.contains("  - sleep: 5ms\n"), yaml);
        assertTrue(TopologyWriter.toYaml(TopologyGenerator.generate(5, 1)).startsWith("name: '5'\n"));
    }
}
