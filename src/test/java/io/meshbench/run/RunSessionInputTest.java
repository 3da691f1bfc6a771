package io.meshbench.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input ends before anything is deployed, with every problem named at once. */
class RunSessionInputTest {
    @TempDir
    Path results;

    private Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("meshbench.projectDir", Path.of("").toAbsolutePath().toString());
        p.setProperty("results.dir", results.toString());
        p.setProperty("meshbench.runId", "bad-input");
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ConsoleProgress console = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));

    /** Prepares and expects a refusal for bad input; returns its problems as one text. */
    private RunPreparation.Refused refused(Properties p) {
        RunPreparation.Result r = RunPreparation.prepare(p, console);
        assertTrue(r instanceof RunPreparation.Refused, String.valueOf(r));
        return (RunPreparation.Refused) r;
    }

    private String badInput(Properties p) {
        RunPreparation.Refused r = refused(p);
        assertEquals(RunPreparation.Refusal.BAD_INPUT, r.reason(), r.problems().toString());
        return String.join("\n", r.problems());
    }

    @Test
    void topologyScenarioAndThresholdProblemsAreReportedTogetherAndNothingIsWritten() throws IOException {
        String m = badInput(props(
                "topology", "no-such-topology", "scenario", "smoke", "duration", "soon",
                "fail.on", "latency_us.p42:+10%"));
        assertTrue(m.contains("no-such-topology"), m);
        assertTrue(m.contains("-Dduration: 'soon' is not valid"), m);
        assertTrue(m.contains("-Dfail.on"), m);
        assertTrue(m.contains("latency_us.p42"), m);
        assertFalse(console().contains("deploy"), console());
        try (var files = Files.list(results)) {
            assertFalse(files.findAny().isPresent(), "a refused run must not write results");
        }
    }

    @Test
    void aCallCycleIsRefusedNamingTheCycle() throws IOException {
        Path file = results.resolve("cycle.yaml");
        Files.writeString(file, """
                name: cycle
                services:
                - name: a
                  entrypoint: true
                  script:
                  - call: b
                - name: b
                  script:
                  - call: a
                """);
        String m = badInput(props("topology", file.toString(), "scenario", "smoke"));
        assertTrue(m.contains("a -> b -> a"), m);
    }

    @Test
    void aFaultAimedAtAnUnknownServiceIsRefusedNamingTheKnownOnesBeforeAnythingStarts() {
        String m = badInput(props("topology", "tiny", "scenario", "restart-pod", "fault.service", "backnd"));
        assertTrue(m.contains("unknown service 'backnd' (did you mean 'backend'?)"), m);
        assertTrue(m.contains("frontend, backend, store"), m);
        assertFalse(console().contains("deploy"), console());
    }

    @Test
    void aMissingBaselineIsRefusedBeforeAnyLoad() {
        String m = badInput(props(
                "topology", "tiny", "scenario", "smoke", "baseline", results.resolve("nothing-here").toString()));
        assertTrue(m.startsWith("-Dbaseline="), m);
        assertFalse(console().contains("deploy"), console());
    }

    @Test
    void tooLargeAGeneratedGraphNamesTheLimitAndTheFlag() {
        String m = badInput(props("topology", "100000", "scenario", "smoke"));
        assertTrue(m.contains("maxServices"), m);
    }

    @Test
    void everyBadFlagIsReportedWithTheTopologyAndScenarioProblems() {
        String m = badInput(props("topology", "no-such-topology", "scenario", "smoke", "maxPods", "lots",
                "repeat", "abc", "gate.strict", "maybe", "order.seed", "x", "nodes", "0"));
        assertTrue(m.contains("-DmaxPods=lots"), m);
        assertTrue(m.contains("-Drepeat: 'abc' is not valid"), m);
        assertTrue(m.contains("-Dgate.strict=maybe: give true or false"), m);
        assertTrue(m.contains("-Dorder.seed=x"), m);
        assertTrue(m.contains("-Dnodes=0"), m);
        assertTrue(m.contains("no-such-topology"), m);
    }

    @Test
    void repeatZeroIsOutOfRange() {
        String m = badInput(props("topology", "tiny", "scenario", "smoke", "repeat", "0"));
        assertTrue(m.contains("-Drepeat: repeat 0 is out of range; use 1 to 50"), m);
    }

    @Test
    void kubernetesWithoutAContextIsReportedWithItsOtherMissingFlags() throws IOException {
        Path kubeconfig = results.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:1"}
                users:
                - name: u
                  user: {token: t}
                contexts:
                - name: kind-meshbench
                  context: {cluster: c, user: u}
                current-context: kind-meshbench
                """);
        String without = badInput(props("topology", "tiny", "scenario", "smoke", "target", "kubernetes",
                "kubeconfig", kubeconfig.toString(), "nodes", "zero"));
        assertTrue(without.contains("-Dkube.context=<name>"), without);
        assertTrue(without.contains("kind-meshbench"), without);
        assertTrue(without.contains("-Dgitops.repo"), without);
        assertTrue(without.contains("-Dnodes=zero"), without);

        String wrong = badInput(props("topology", "tiny", "scenario", "smoke", "target", "kubernetes",
                "kubeconfig", kubeconfig.toString(), "kube.context", "prod"));
        assertTrue(wrong.contains("no context 'prod'"), wrong);
        assertTrue(wrong.contains("-Dgitops.repo"), wrong);
    }

    @Test
    void aRunIdThatNamesAPathIsRefusedAndLeavesNoFolder() throws IOException {
        for (String id : List.of("..", ".", "a/b", "../x")) {
            Path projectDir = results.resolve("project-" + Math.abs(id.hashCode()));
            Path root = projectDir.resolve("results");
            // What Gatling's Maven plugin creates before the run starts.
            Path pluginDir = root.resolve(id).resolve("gatling").normalize();
            Files.createDirectories(pluginDir);
            Files.createDirectories(root);
            Properties p = props("topology", "tiny", "scenario", "smoke");
            p.setProperty("meshbench.runId", id);
            p.setProperty("results.dir", root.toString());
            String m = badInput(p);
            assertTrue(m.contains("-Drun.id=" + id + ": a run id names a folder in results/"), m);
            RunLauncher.removeEmptyRunDir(p);
            assertFalse(Files.exists(pluginDir), id + ": " + pluginDir + " left behind");
            try (var left = Files.list(projectDir)) {
                assertEquals(List.of(root), left.toList(), id + ": nothing but results/ in the project");
            }
            try (var left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), id + ": results/ must be empty again");
            }
        }
    }
}
