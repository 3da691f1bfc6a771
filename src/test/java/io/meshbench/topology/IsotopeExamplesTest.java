package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.meshbench.load.EntryRates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * isotope's files as isotope reads them: its example topologies and README examples load, its
 * {@code probability} is honoured, what it refuses is refused, and a typo is an error.
 */
class IsotopeExamplesTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path EXAMPLES = PROJECT.resolve("src/test/resources/topology/isotope-examples");

    @TempDir
    Path temp;

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static Topology load(Path file) {
        return TopologyLoader.load(file.toString(), PROJECT, 1, 2000);
    }

    /** As with -DmaxReplicas=1000. */
    private static Topology loadUpToAThousandReplicas(Path file) {
        return TopologyLoader.load(file.toString(), PROJECT, 1, 2000, 1000);
    }

    private Topology loadText(String yaml) throws IOException {
        Path file = temp.resolve("t.yaml");
        Files.writeString(file, yaml);
        return TopologyLoader.load(file.toString(), temp, 1, 2000);
    }

    private TopologyException refused(String yaml) throws IOException {
        Path file = temp.resolve("t.yaml");
        Files.writeString(file, yaml);
        return assertThrows(TopologyException.class, () -> TopologyLoader.load(file.toString(), temp, 1, 2000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleLoads(String name) {
        // isotope's 10-svc_10000-end runs 1,000 replicas per service: the documented flag raises the limit.
        Topology t = loadUpToAThousandReplicas(EXAMPLES.resolve(name));
        assertFalse(t.entrypoints().isEmpty(), name);
    }

    @Test
    void serviceAndReplicaCountsOfTheScaleExamples() {
        assertEquals(10_000, loadUpToAThousandReplicas(EXAMPLES.resolve("10-svc_10000-end.yaml")).podCount());
        assertEquals(1_000, loadUpToAThousandReplicas(EXAMPLES.resolve("1000-svc_5000-end.yaml")).services().size());
        assertEquals(5_000, loadUpToAThousandReplicas(EXAMPLES.resolve("1000-svc_5000-end.yaml")).podCount());
        assertEquals(111, loadUpToAThousandReplicas(EXAMPLES.resolve("tree-111-services.yaml")).services().size());
    }

    @Test
    void aThousandReplicasAreRefusedWithTheFlagThatRaisesTheLimit() {
        TopologyException e = assertThrows(TopologyException.class, () -> load(EXAMPLES.resolve("10-svc_10000-end.yaml")));
        assertTrue(e.getMessage().contains(":2: defaults.numReplicas: 1000 replicas is more than the limit of 100"
                + " — use fewer, or raise the limit with -DmaxReplicas=1000"), e.getMessage());
    }

    @Test
    void theReadmeDefaultExampleReadsDefaultAsDefaults() {
        Topology t = load(EXAMPLES.resolve("readme-default-example.yaml"));
        Service a = t.service("a").orElseThrow();
        assertEquals(List.of(new Step.Call("b", 100 * 1024), new Step.Call("b", 80)), a.script());
        assertEquals(0.001, a.errorRate(), 1e-12);
        assertEquals(0.05, t.service("b").orElseThrow().errorRate(), 1e-12);
        assertEquals(List.of("services[0].memoryUsage (not modelled)"), t.ignoredFields());
        assertEquals(List.of("a"), t.entrypoints().stream().map(Service::name).toList());
        assertEquals(2, t.notes().size(), t.notes().toString());
        assertTrue(t.notes().get(0).startsWith("'default:' read as 'defaults:'"), t.notes().toString());
        assertTrue(t.notes().get(1).endsWith("the services nothing calls receive the load, as isotope's load client "
                + "targets the graph's root: a"), t.notes().toString());
    }

    @Test
    void theReadmeFullExampleGetsItsRootAsEntryPoint() {
        Topology t = load(EXAMPLES.resolve("readme-full-example.yaml"));
        assertEquals(List.of("d"), t.entrypoints().stream().map(Service::name).toList());
        assertEquals(List.of(new Step.Call("a", 10 * 1024), new Step.Call("b", 1024)), t.service("c").orElseThrow().script());
    }

    @Test
    void probabilityIsTheShareOfRequestsThatMakeTheCall() throws IOException {
        Topology t = loadText("""
                services:
                - name: front
                  isEntrypoint: true
                  script:
                  - call: {service: back, probability: 10}
                  - call: {service: side, probability: 50%}
                - name: back
                - name: side
                """);
        List<Step> script = t.service("front").orElseThrow().script();
        assertEquals(new Step.Call("back", 0, 10), script.get(0));
        assertEquals(new Step.Call("side", 0, 50), script.get(1));
        // one request to front causes 1 + 0.1 + 0.5 service invocations on average
        assertEquals(1.6, EntryRates.invocationsPerRequest(t, "front"), 1e-12);
    }

    @Test
    void probabilityOutOfRangeIsRefused() throws IOException {
        TopologyException e = refused("""
                services:
                - name: front
                  isEntrypoint: true
                  script:
                  - call: {service: back, probability: 150}
                  - call: {service: back, probability: 0}
                - name: back
                """);
        assertTrue(e.getMessage().contains(":5: services[0].script[0].call.probability: probability 150 is out of range"),
                e.getMessage());
        assertTrue(e.getMessage().contains(":6: services[0].script[1].call.probability: probability 0 means 'not set'"),
                e.getMessage());
    }

    @Test
    void nestedConcurrencyIsRefusedAsIsotopeDoes() throws IOException {
        TopologyException e = refused("""
                services:
                - name: a
                  isEntrypoint: true
                  script:
                  - - call: b
                    - - call: c
                      - call: b
                - name: b
                - name: c
                """);
        assertTrue(e.getMessage().contains(":6: services[0].script[0][1]: concurrent steps may not be nested"), e.getMessage());
    }

    @Test
    void aMisspeltFieldIsAnErrorWithDidYouMeanNotAnIgnoredField() throws IOException {
        TopologyException e = refused("""
                services:
                - name: a
                  isEntrypoint: true
                  numReplicaz: 3
                  script:
                  - call: {service: b, hostnam: b:8080}
                - name: b
                  namespace: other
                """);
        assertTrue(e.getMessage().contains(":4: services[0].numReplicaz: unknown field 'numReplicaz'"), e.getMessage());
        assertTrue(e.getMessage().contains("(did you mean 'numReplicas'?)"), e.getMessage());
        assertTrue(e.getMessage().contains("services[0].script[0].call.hostnam: unknown field 'hostnam'"), e.getMessage());
        assertTrue(e.getMessage().contains("(did you mean 'hostname'?)"), e.getMessage());
        assertFalse(e.getMessage().contains("services[1].namespace"), "a field isotope has but meshbench does not model is no error");
    }

    @Test
    void anyIsotopeKeyMarksTheFormat() throws IOException {
        for (String marker : List.of("apiVersion: v1alpha1\n", "kind: MockServiceGraph\n", "default: {}\n")) {
            Topology t = loadText(marker + "services:\n- name: a\n");
            assertEquals(List.of("a"), t.entrypoints().stream().map(Service::name).toList(), marker);
        }
        Topology withHostname = loadText("services:\n- name: a\n  script:\n  - call: {service: b, hostname: b:8080}\n- name: b\n");
        assertEquals(List.of("services[0].script[0].call.hostname (not modelled)"), withHostname.ignoredFields());
    }
}
