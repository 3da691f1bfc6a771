package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.load.Calibrator;
import io.meshbench.load.DurationText;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.Slot;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.platform.DeployProgress;
import io.meshbench.topology.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The run's progress as lines for a person at a terminal. */
final class ConsoleProgress implements RunProgress {
    private final Console console;
    private final ProgressPacer pacer;

    ConsoleProgress(Console console) {
        this(console, ProgressPacer.wallClock());
    }

    ConsoleProgress(Console console, ProgressPacer pacer) {
        this.console = console;
        this.pacer = pacer;
    }

    Console console() {
        return console;
    }

    /** The last slot's deploy figures, printed on its window's line. */
    private volatile String lastDeploy = "";
    /**
     * The slot being deployed, and whether its proxies' warm-up and settling go on its window's line
     * in short: a mode's first deployment (its calibration, else its rehearsal or r1) shows them in full,
     * later ones in short unless something went wrong, so a 16-slot process-layout run keeps one line per slot.
     */
    private volatile String slotDeploying = "";
    private volatile boolean slotInShort;
    private final java.util.Set<MeshMode> modesShownInFull = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The slot's warm-up and settling in short, printed on its window's line. */
    private volatile String lastPrepared = "";
    /** Whether the slot being deployed warmed its proxies (then its deploy time includes the warm-up). */
    private volatile boolean slotWarmed;

    @Override
    public void planned(RunPlan plan) {
        console.phase("plan", "run " + plan.runId() + ", target " + plan.target() + ", modes "
                + plan.modes().stream().map(MeshMode::id).toList());
    }

    @Override
    public void topologyLoaded(Topology t) {
        console.phase("topology", t.name() + " from " + t.source() + ": " + t.services().size() + " services, "
                + t.edgeCount() + " edges, " + t.entrypoints().size() + " entry points, " + t.podCount() + " pods");
        for (String ignored : t.ignoredFields()) console.phase("topology", "ignored: " + ignored);
        for (String note : t.notes()) console.phase("topology", "note: " + note);
    }

    @Override
    public void warning(String message) {
        console.warn(message);
    }

    @Override
    public void harnessWarmed(Duration took) {
        console.phase("warm", String.format(Locale.ROOT,
                "harness code paths warmed on a throwaway 3-service chain in every mode (%.1f s)", took.toMillis() / 1e3));
    }

    @Override
    public void calibrationStep(MeshMode mode, int step, int maxSteps, Calibrator.Step s) {
        if (pacer.due("calibrate " + mode) == null) return;
        console.phase("calibrate", String.format(Locale.ROOT, "%s: step %d of at most %d, %.1f entry rps offered,"
                + " %.1f achieved, %s", mode, step, maxSteps, s.offeredRps(), s.achievedRps(), s.passed() ? "passed" : "failed"));
    }

    @Override
    public void calibrated(MeshMode mode, Calibrator.Capacity c) {
        console.phase("calibrate", String.format(Locale.ROOT, "%s: unloaded median %.1f ms; %s", mode,
                c.unloadedP50Ms(), c.certainty()));
        modesShownInFull.add(mode);   // its calibration deployment showed its warm-up and settling in full
    }

    @Override
    public void rateDecided(RateDecision d) {
        console.phase("calibrate", d.why());
    }

    @Override
    public void scheduled(List<Slot> slots, List<LoadPhase> phases, double entryRps) {
        List<Slot> measured = slots.stream().filter(s -> !s.rehearsal()).toList();
        List<Slot> rehearsals = slots.stream().filter(Slot::rehearsal).toList();
        long modes = measured.stream().map(Slot::mode).distinct().count();
        console.phase("load", String.format(Locale.ROOT, "%s%d slots (%d repetitions × %d modes) in balanced order %s; %s of traffic"
                        + " at %.1f entry rps, plus a fresh deployment, idle window and probe per slot",
                rehearsals.isEmpty() ? "" : "one unmeasured rehearsal per mode "
                        + rehearsals.stream().map(s -> s.mode().id()).toList() + ", then ",
                measured.size(), modes == 0 ? 0 : measured.size() / modes, modes, measured.stream().map(Slot::label).toList(),
                DurationText.format(io.meshbench.load.LoadSchedule.trafficTime(phases)), entryRps));
    }

    @Override
    public void deploying(Slot slot, int pods) {
        // silent: the "ready" line follows; a console for people prints one line per step of a slot that matters
        slotDeploying = slot.label();
        slotInShort = !modesShownInFull.add(slot.mode());
        lastPrepared = "";
        slotWarmed = false;
    }

    /** Whether a line about {@code what} goes on its slot's line in short. */
    private boolean inShort(String what) {
        return slotInShort && what.equals(slotDeploying);
    }

    @Override
    public void deployProgress(String what, DeployProgress p) {
        boolean warming = p.stage() == DeployProgress.Stage.PROXIES_WARMED;
        String phase = warming ? "warm-up" : "deploy";
        if (p.summary() != null) {
            if (warming && what.equals(slotDeploying)) slotWarmed = true;
            int colon = p.summary().indexOf(':');
            if (warming && inShort(what) && colon > 0 && !p.summary().contains("not answered")) {
                lastPrepared += p.summary().substring(0, colon) + "; ";   // "6 proxy processes warmed in 1.6 s"
            } else {
                console.phase(phase, what + ": " + p.summary());
            }
            return;
        }
        Duration elapsed = pacer.due(phase + " " + what);
        if (elapsed == null) return;
        console.phase(phase, what + ": " + ProgressPacer.countAndEta(p.ready(), p.total(),
                warming ? "pods' proxies warmed" : "pods ready", elapsed));
    }

    @Override
    public void deployed(Slot slot, Duration took, double p50) {
        // printed with the slot's window, one line per slot: slots run one after another
        lastDeploy = String.format(Locale.ROOT, "%s in %.1f s (%spod startup p50 %.1f ms); ",
                slotWarmed ? "deployed" : "ready", took.toMillis() / 1e3, slotWarmed ? "proxies' warm-up included; " : "", p50);
    }

    @Override
    public void deployFailed(Slot slot, String why) {
        console.warn(slot.label() + ": deploy failed, this repetition is left out: " + why);
    }

    @Override
    public void idle(Slot slot, Duration window) {
        // silent: every slot has one, and the schedule line says so
    }

    @Override
    public void probeProgress(String what, int called, int total) {
        Duration elapsed = pacer.due("probe " + what);
        if (elapsed == null) return;
        console.phase("probe", what + ": " + ProgressPacer.countAndEta(called, total, "entry points called", elapsed));
    }

    @Override
    public void probed(Slot slot, Calibrator.Probe probe) {
        if (probe.failed() > 0) {
            console.warn(slot.label() + ": first-call probe: " + probe.failed() + " of " + probe.called()
                    + " entry requests failed; first: " + probe.firstFailure());
        }
    }

    /** Rounds of a settling that print nothing: the fewest that can be steady. */
    static final int QUIET_SETTLE_ROUNDS = Calibrator.SettleRule.ROUNDS;

    @Override
    public void settleRound(String what, int number, Calibrator.Round round, Duration limit) {
        // A plane that settles in its first three rounds gets only the closing line; a longer settling
        // (minutes on a large process-layout graph) shows each round, paced, so the console is not silent.
        // A slot whose mode has shown its settling in full stays quiet for longer (its line sums it up).
        if (number <= (inShort(what) ? 3 * QUIET_SETTLE_ROUNDS : QUIET_SETTLE_ROUNDS)) return;
        Duration elapsed = pacer.due("settle " + what);
        if (elapsed == null) return;
        console.phase("settle", String.format(Locale.ROOT, "%s: warm-up round %d at %.2f entry rps: p99 %.0f ms, %d %s; "
                        + "steady when %d rounds at the run's rate agree (limit %d s)", what, number,
                round.offeredRps(), round.p99Ms(), round.errors(), round.errors() == 1 ? "error" : "errors",
                Calibrator.SettleRule.ROUNDS, limit.toSeconds()));
    }

    @Override
    public void settled(String what, io.meshbench.load.Calibrator.Settling s) {
        String line = String.format(Locale.ROOT, "%s: fresh processes (proxies, workload hosts) %s after %.1f s of warm-up requests; p99 per round %s",
                what, s.steady() ? "steady" : "NOT steady", s.took().toMillis() / 1e3, s.p99s());
        if (s.steady() && inShort(what)) {
            lastPrepared += String.format(Locale.ROOT, "settled in %.1f s; ", s.took().toMillis() / 1e3);
        } else if (s.steady()) {
            console.phase("settle", line);
        } else {
            console.warn(line);
        }
    }

    @Override
    public void phaseStarted(LoadPhase phase) {
        // silent: the schedule line gives every phase's length and rate, and "collect" closes each window
    }

    @Override
    public void disruptionJudged(String line) {
        console.phase("fault", line);
    }

    @Override
    public void windowCollected(ModeMeasurement m) {
        String deploy = lastDeploy + lastPrepared;
        lastDeploy = "";
        lastPrepared = "";
        console.phase("slot", String.format(Locale.ROOT, "%s r%d: %s%d requests, %.1f of %.1f rps achieved, %d errors%s%s",
                m.mode(), m.repetition(), deploy, m.requests(), m.achievedRps(), m.offeredRps(), m.errors(),
                m.serviceLatency() == null ? "" : String.format(Locale.ROOT, ", service-to-service p99 %.2f ms",
                        m.serviceLatency().merged().getValueAtPercentile(99) / 1000.0),
                m.injectorLag() == null ? "" : String.format(Locale.ROOT, ", injector lag p99 %.1f ms%s",
                        m.injectorLag().p99Ms(), m.injectorLag().behind() ? " (BEHIND)" : "")));
    }

    @Override
    public void rehearsed(Slot slot, io.meshbench.load.PhaseCounters c) {
        String deploy = lastDeploy + lastPrepared;
        lastDeploy = "";
        lastPrepared = "";
        console.phase("rehearse", String.format(Locale.ROOT, "%s (not measured): %s%d requests, %d errors, entry p99 %d ms,"
                        + " injector lag p99 %.1f ms", slot.label(), deploy, c.completed() + c.errors(), c.errors(),
                c.entryLatencyMillis().getValueAtPercentile(99), c.injectorLag().p99Ms()));
    }

    @Override
    public void loadEnded() {
        // silent: teardown follows at once
    }

    @Override
    public void tearingDown() {
        console.phase("teardown", "removing everything this run created");
    }

    @Override
    public void interrupted() {
        console.warn("interrupted: writing what was measured so far (status incomplete) and cleaning up");
    }

    @Override
    public void writing(Path runDir) {
        console.phase("report", "writing " + runDir);
    }
}
