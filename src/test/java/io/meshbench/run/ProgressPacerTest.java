package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.load.Slot;
import io.meshbench.platform.DeployProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress lines on a fake clock: none for a short phase, then at most one per 5 s (sparser as it goes on), with count and ETA. */
class ProgressPacerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ProgressPacer pacer = new ProgressPacer(now::get);

    private void advance(double seconds) {
        now.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void aShortPhasePrintsNothing() {
        assertNull(pacer.due("deploy r1-ambient"));
        for (int i = 0; i < 40; i++) {
            advance(0.1);
            assertNull(pacer.due("deploy r1-ambient"), "4 s in");
        }
    }

    @Test
    void aLongPhasePrintsAtMostOneLinePerFiveSecondsThenSparserAsItGoesOn() {
        List<Long> at = new java.util.ArrayList<>();
        for (int i = 0; i <= 300; i++) {   // 30 s of events every 100 ms
            Duration d = pacer.due("probe r1-sidecar");
            if (d != null) at.add(d.toMillis());
            advance(0.1);
        }
        assertEquals(List.of(5000L, 10000L, 15000L, 22500L), at, "5 s apart, then half the time run so far");
    }

    /** 259 sidecar processes take minutes to start and warm: about a line a minute then, not twelve. */
    @Test
    void aTenMinutePhasePrintsAboutSixteenLinesAndAtLeastOneAMinute() {
        List<Long> at = new java.util.ArrayList<>();
        for (int i = 0; i <= 6000; i++) {   // 10 min of events every 100 ms
            Duration d = pacer.due("warm-up sidecar r1");
            if (d != null) at.add(d.toMillis());
            advance(0.1);
        }
        assertEquals(16, at.size(), at.toString());
        for (int i = 1; i < at.size(); i++) {
            long gap = at.get(i) - at.get(i - 1);
            assertTrue(gap >= 5000 && gap <= 60_100, "gap " + gap + " ms in " + at);
        }
        assertTrue(6000 * 100 - at.get(at.size() - 1) <= 60_100, "the phase's last minute has a line: " + at);
    }

    @Test
    void aNewPhaseStartsItsOwnQuietTime() {
        pacer.due("deploy a");
        advance(6);
        assertNotNull(pacer.due("deploy a"));
        assertNull(pacer.due("probe a"), "a new phase starts quiet");
        advance(4.9);
        assertNull(pacer.due("probe a"));
        advance(0.1);
        Duration elapsed = pacer.due("probe a");
        assertEquals(Duration.ofSeconds(5), elapsed);
    }

    @Test
    void etaFollowsThePaceSoFar() {
        assertEquals("0/142 pods ready, time left not known yet",
                ProgressPacer.countAndEta(0, 142, "pods ready", Duration.ofSeconds(5)));
        assertEquals("71/142 pods ready, about 10 s left",
                ProgressPacer.countAndEta(71, 142, "pods ready", Duration.ofSeconds(10)));
        assertEquals("10/142 pods ready, about 1 min 06 s left",
                ProgressPacer.countAndEta(10, 142, "pods ready", Duration.ofSeconds(5)));
        assertEquals("142/142 pods ready", ProgressPacer.countAndEta(142, 142, "pods ready", Duration.ofSeconds(30)));
    }

    @Test
    void theConsoleGetsPacedDeployLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)), pacer);
        for (int ready = 0; ready <= 142; ready++) {   // 142 pods, one every 100 ms: 14.2 s
            progress.deployProgress("r1-ambient", new DeployProgress(ready, 142));
            advance(0.1);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].endsWith("deploy    r1-ambient: 50/142 pods ready, about 10 s left"), lines[0]);
        assertTrue(lines[1].contains("100/142 pods ready, about 5 s left"), lines[1]);
    }

    /** A settling done in three rounds prints only its closing line; a long one shows its rounds, paced. */
    @Test
    void settlingRoundsShowOnlyWhenSettlingTakesLonger() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)), pacer);
        java.time.Duration limit = java.time.Duration.ofSeconds(284);
        for (int round = 1; round <= 3; round++) {
            progress.settleRound("quick", round, new io.meshbench.load.Calibrator.Round(40, 0, 5), limit);
            advance(6);
        }
        assertEquals("", out.toString(StandardCharsets.UTF_8), "a quick settling prints no rounds");
        for (int round = 1; round <= 10; round++) {
            progress.settleRound("slow", round, new io.meshbench.load.Calibrator.Round(5000, round % 2, 1.05), limit);
            advance(6);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        // Round 4 opens the pacer's quiet time; rounds 5, 6 and 7 print (6 s apart), then 9 (the gap grows).
        assertEquals(4, lines.length, out.toString(StandardCharsets.UTF_8));
        assertTrue(lines[3].contains("slow: warm-up round 9 "), lines[3]);
        assertTrue(lines[0].contains("slow: warm-up round 5 at 1.05 entry rps: p99 5000 ms, 1 error;"), lines[0]);
        assertTrue(lines[0].contains("(limit 284 s)"), lines[0]);
    }

    /**
     * A mode's first deployment shows its warm-up and settling in full; its later slots carry them in
     * short on their one line, unless the warm-up lost calls or the settling did not end steady.
     */
    @Test
    void laterSlotsOfAModeSumUpTheirWarmUpAndSettlingOnTheirOwnLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)), pacer);
        var steady = new io.meshbench.load.Calibrator.Settling(List.of(new io.meshbench.load.Calibrator.Round(20, 0, 5)), true,
                java.time.Duration.ofMillis(11_900));
        String warmed = "3 proxy processes warmed in 1.6 s: 1200 calls through a twin of each, 2.7 CPU-s";
        for (int r = 0; r <= 2; r++) {
            Slot slot = new Slot(r, r, MeshMode.SIDECAR, r == 0);
            progress.deploying(slot, 3);
            progress.deployProgress(slot.label(), new DeployProgress(3, 3, DeployProgress.Stage.PROXIES_WARMED,
                    r == 2 ? warmed.replace("each,", "each (7 not answered 200),") : warmed));
            progress.deployed(slot, java.time.Duration.ofSeconds(400), 2761.9);
            progress.settled(slot.label(), steady);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = List.of(text.split("\n"));
        // the rehearsal: both in full; r1: nothing of its own yet (its window's line will say it); r2: the lost calls in full
        assertEquals(3, lines.size(), text);
        assertTrue(lines.get(0).contains("warm-up") && lines.get(0).contains(warmed), lines.get(0));
        assertTrue(lines.get(1).contains("settle") && lines.get(1).contains("steady after 11.9 s"), lines.get(1));
        assertTrue(lines.get(2).contains("7 not answered 200"), lines.get(2));

        // r2's window line: its deploy time says the warm-up is in it, and the settling is summed up
        out.reset();
        progress.rehearsed(new Slot(2, 2, MeshMode.SIDECAR, false), new io.meshbench.load.PhaseCounters(1.3, java.time.Duration.ofSeconds(20)));
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("deployed in 400.0 s (proxies' warm-up included; pod startup p50 2761.9 ms); settled in 11.9 s;"), line);

        // a mode calibrated first showed its lines there: its rehearsal is already in short
        out.reset();
        progress.calibrated(MeshMode.AMBIENT, new io.meshbench.load.Calibrator.Capacity(2.6, false, 10, List.of(), "sure"));
        Slot rehearsal = new Slot(3, 0, MeshMode.AMBIENT, true);
        progress.deploying(rehearsal, 3);
        progress.deployProgress(rehearsal.label(), new DeployProgress(3, 3, DeployProgress.Stage.PROXIES_WARMED, warmed));
        progress.settled(rehearsal.label(), steady);
        assertEquals(1, out.toString(StandardCharsets.UTF_8).split("\n").length, out.toString(StandardCharsets.UTF_8));
    }
}
