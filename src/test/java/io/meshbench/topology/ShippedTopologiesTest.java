package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The files in topologies/ load cleanly, and 142.yaml is exactly the generator's output for N=142,
 * seed 1. After changing the generator, rewrite it with
 * {@code mvn -o -q test -Dtest=ShippedTopologiesTest -Dregenerate=true}.
 */
class ShippedTopologiesTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final int LIMIT = 5000;

    static String header(Topology t) {
        return "# The 142-service e-commerce platform: TopologyGenerator's output for N=142, seed "
                + TopologyGenerator.DEFAULT_SEED + ".\n"
                + "# Generated — do not edit. A test keeps it equal to the generator; after changing the generator\n"
                + "# rewrite it with: mvn -o -q test -Dtest=ShippedTopologiesTest -Dregenerate=true\n";
    }

    @Test
    void file142IsTheGeneratorsOutput() throws IOException {
        Topology generated = TopologyGenerator.generate(142, TopologyGenerator.DEFAULT_SEED);
        Path file = PROJECT.resolve("topologies/142.yaml");
        if (Boolean.getBoolean("regenerate")) {
            Files.writeString(file, header(generated) + TopologyWriter.toYaml(generated), StandardCharsets.UTF_8);
        }
        Topology shipped = TopologyLoader.load("142", PROJECT, 99, LIMIT);
        assertEquals("topologies/142.yaml", shipped.source(), "the file wins over the generator");
        assertEquals(generated.name(), shipped.name());
        assertEquals(generated.services(), shipped.services(),
                "topologies/142.yaml drifted from the generator — regenerate it (see this class's comment)");
    }

    @Test
    void smallHasAConcurrentGroupASleepAndTwoReplicas() {
        Topology small = TopologyLoader.load("small", PROJECT, 1, LIMIT);
        assertTrue(small.services().size() >= 4 && small.services().size() <= 5);
        assertTrue(small.services().stream().anyMatch(s -> s.replicas() == 2));
        assertTrue(small.services().stream().flatMap(s -> s.script().stream()).anyMatch(Step.Concurrent.class::isInstance));
        assertTrue(small.services().stream().flatMap(s -> s.script().stream()).anyMatch(Step.Sleep.class::isInstance));
        assertEquals(1, small.entrypoints().size());
    }

    @Test
    void tinyIsForSmokeRuns() {
        Topology tiny = TopologyLoader.load("tiny.yaml", PROJECT, 1, LIMIT);
        assertEquals(3, tiny.services().size());
        assertEquals("tiny", tiny.name());
        assertEquals(3, TopologySummary.maxDepth(tiny));
    }

    @Test
    void isotopeExampleReadsAsIsotope() {
        Topology isotope = TopologyLoader.load("isotope-example", PROJECT, 1, LIMIT);
        assertEquals("isotope-example", isotope.name());
        assertTrue(isotope.ignoredFields().contains("defaults.numRbacPolicies (not modelled)"), isotope.ignoredFields().toString());
    }
}
