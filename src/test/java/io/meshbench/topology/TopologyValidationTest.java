package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of bad input: each checks the message names file, line, field and the fix. */
class TopologyValidationTest {

    @TempDir
    Path project;

    private TopologyException loadFails(String yaml) {
        try {
            Files.createDirectories(project.resolve("topologies"));
            Files.writeString(project.resolve("topologies/bad.yaml"), yaml);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return assertThrows(TopologyException.class, () -> TopologyLoader.load("bad", project, 1, 1000));
    }

    private static void assertProblem(TopologyException e, int line, String field, String... phrases) {
        assertEquals("topologies/bad.yaml", e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("topologies/bad.yaml:" + line + ": " + field + ": "), e.getMessage());
        for (String phrase : phrases) assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' in: " + e.getMessage());
    }

    @Test
    void unknownCallee() {
        TopologyException e = loadFails("""
                services:
                - name: payment
                - name: checkout
                  entrypoint: true
                  script:
                  - sleep: 1ms
                  - call: paymnt
                """);
        assertProblem(e, 7, "services[1].script[1].call", "unknown service 'paymnt'", "declare it under services:",
                "did you mean 'payment'?");
    }

    @Test
    void unknownCalleeInsideAConcurrentGroupAndACallMapping() {
        TopologyException e = loadFails("""
                services:
                - name: front
                  entrypoint: true
                  script:
                  - concurrent:
                    - call: {service: nowhere, size: 1 KB}
                """);
        assertProblem(e, 6, "services[0].script[0].concurrent[0].call", "unknown service 'nowhere'");
    }

    @Test
    void callCycleIsPrinted() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  script:
                  - call: b
                - name: b
                  script:
                  - call: c
                - name: c
                  script:
                  - call: a
                """);
        assertProblem(e, 11, "services[2].script[0].call", "call cycle a -> b -> c -> a", "remove one of these calls");
    }

    @Test
    void selfCallIsACycle() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  script:
                  - call: a
                """);
        assertProblem(e, 5, "services[0].script[0].call", "call cycle a -> a");
    }

    @Test
    void duplicateName() {
        TopologyException e = loadFails("""
                services:
                - name: cart
                  entrypoint: true
                - name: cart
                """);
        assertProblem(e, 4, "services[1].name", "duplicate service name 'cart'", "services[0] at line 2", "rename");
    }

    @Test
    void badSize() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  responseSize: 12 parsecs
                """);
        assertProblem(e, 4, "services[0].responseSize", "'12 parsecs' is not a size", "'1 KB'");
    }

    @Test
    void badDuration() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  script:
                  - sleep: 10
                """);
        assertProblem(e, 5, "services[0].script[0].sleep", "no unit", "'10ms'");
    }

    @Test
    void negativeReplicas() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  replicas: -1
                """);
        assertProblem(e, 4, "services[0].replicas", "-1 replicas is out of range", "use 1 to 100");
    }

    @Test
    void negativeSizeAndSleep() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  responseSize: -1 KB
                  script:
                  - sleep: -5ms
                """);
        assertProblem(e, 4, "services[0].responseSize", "size -1 KB is negative", "use 0 or more");
        assertTrue(e.getMessage().contains("bad.yaml:6: services[0].script[0].sleep: duration -5ms is negative"),
                e.getMessage());
    }

    @Test
    void absurdReplicas() {
        TopologyException e = loadFails("""
                defaults:
                  replicas: 500
                services:
                - name: a
                  entrypoint: true
                """);
        assertProblem(e, 2, "defaults.replicas", "500 replicas is more than the limit of 100 — use fewer, or raise the limit with -DmaxReplicas=500");
    }

    @Test
    void errorRateAboveHundredPercent() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  errorRate: 150%
                """);
        assertProblem(e, 4, "services[0].errorRate", "outside 0%..100%");
    }

    @Test
    void sizeAboveTheLimit() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                - name: b
                  entrypoint: true
                  script:
                  - call: {service: a, size: 100 MB}
                """);
        assertProblem(e, 7, "services[1].script[0].call.size", "larger than the limit of 64 MB");
    }

    @Test
    void sleepAboveTheLimit() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  script:
                  - sleep: 2m
                """);
        assertProblem(e, 5, "services[0].script[0].sleep", "longer than the limit of 60s", "did you mean ms?");
    }

    @Test
    void emptyServiceList() {
        TopologyException e = loadFails("""
                name: nothing
                services: []
                """);
        assertProblem(e, 2, "services", "no services", "declare at least one service");
    }

    @Test
    void emptyFile() {
        TopologyException e = loadFails("# nothing here yet\n");
        assertEquals("topologies/bad.yaml", e.file());
        assertTrue(e.getMessage().startsWith("topologies/bad.yaml: the file is empty"), e.getMessage());
    }

    @Test
    void noServicesKey() {
        TopologyException e = loadFails("""
                name: lost
                """);
        assertTrue(e.getMessage().contains("no 'services:' list"), e.getMessage());
    }

    @Test
    void noEntrypoint() {
        TopologyException e = loadFails("""
                services:
                - name: a
                - name: b
                """);
        assertProblem(e, 1, "services", "no entrypoint", "entrypoint: true", "isEntrypoint: true");
    }

    @Test
    void malformedYamlGivesItsLine() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  script: [call: b
                - name: b
                """);
        assertEquals("topologies/bad.yaml", e.file());
        assertTrue(e.line() >= 4 && e.line() <= 6, e.getMessage());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
        assertTrue(e.getMessage().contains("fix the YAML syntax"), e.getMessage());
    }

    @Test
    void badIndentationGivesItsLine() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                 replicas: 2
                """);
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    }

    @Test
    void missingFile() {
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopologyLoader.load("no-such-topology", Path.of("").toAbsolutePath(), 1, 1000));
        assertEquals("-Dtopology", e.field());
        assertTrue(e.getMessage().contains("no topology 'no-such-topology'"), e.getMessage());
        assertTrue(e.getMessage().contains("available: 142, isotope-example, small, tiny"), e.getMessage());
        assertTrue(e.getMessage().contains("a number such as 142"), e.getMessage());
    }

    @Test
    void unknownFieldSuggestsTheKnownOne() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  replcas: 2
                """);
        assertProblem(e, 4, "services[0].replcas", "unknown field 'replcas'", "did you mean 'replicas'?");
    }

    @Test
    void invalidServiceName() {
        TopologyException e = loadFails("""
                services:
                - name: Checkout_Service
                  entrypoint: true
                """);
        assertProblem(e, 2, "services[0].name", "not a valid service name", "lower-case");
    }

    @Test
    void duplicateKey() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  replicas: 2
                  replicas: 3
                """);
        assertProblem(e, 5, "services[0].replicas", "given twice (first at line 4)");
    }

    @Test
    void mixedFormats() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                - name: b
                  isEntrypoint: true
                """);
        assertProblem(e, 5, "services[1].isEntrypoint", "mixes meshbench's format ('entrypoint' at line 3)",
                "isotope's ('isEntrypoint' at line 5)");
    }

    @Test
    void stepWithTwoKinds() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  entrypoint: true
                  script:
                  - sleep: 1ms
                    call: a
                """);
        assertProblem(e, 5, "services[0].script[0]", "exactly one of sleep, call", "split it");
    }

    @Test
    void tooManyServicesInAFile() {
        Files.exists(project);
        StringBuilder yaml = new StringBuilder("services:\n- name: s0\n  entrypoint: true\n");
        for (int i = 1; i < 1001; i++) yaml.append("- name: s").append(i).append('\n');
        TopologyException e = loadFails(yaml.toString());
        assertProblem(e, 1, "services", "1001 services is more than the limit of 1000", "-DmaxServices=1001");
    }

    @Test
    void allProblemsOfAFileAreReportedTogether() {
        TopologyException e = loadFails("""
                services:
                - name: a
                  replicas: 0
                  responseSize: huge
                  script:
                  - call: b
                  - sleep: 5 fortnights
                - name: a
                """);
        String m = e.getMessage();
        assertTrue(m.startsWith("6 problems in the topology:"), m);
        for (String part : new String[] {"bad.yaml:3: services[0].replicas", "bad.yaml:4: services[0].responseSize",
                "bad.yaml:6: services[0].script[0].call: unknown service 'b'", "bad.yaml:7: services[0].script[1].sleep",
                "bad.yaml:8: services[1].name: duplicate", "bad.yaml:1: services: no entrypoint"}) {
            assertTrue(m.contains(part), part + " in: " + m);
        }
        assertEquals(6, e.problems().size());
    }

    @Test
    void generatedCountBelowOne() {
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load("0", project, 1, 1000));
        assertEquals("-Dtopology", e.field());
        assertEquals(null, e.file());
        assertTrue(e.getMessage().contains("at least 1 service"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 1000"), e.getMessage());
        assertThrows(TopologyException.class, () -> TopologyLoader.load("-3", project, 1, 1000));
    }

    @Test
    void generatedCountAboveTheLimitSaysHowToRaiseIt() {
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load("1001", project, 1, 1000));
        assertTrue(e.getMessage().contains("limit of 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("-DmaxServices=1001"), e.getMessage());
        assertThrows(TopologyException.class, () -> TopologyLoader.load("99999999999999999999", project, 1, 1000));
    }
}
