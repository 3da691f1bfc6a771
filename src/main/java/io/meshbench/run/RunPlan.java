package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.core.Target;
import io.meshbench.load.DurationText;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.kubernetes.ClusterConnection;
import io.meshbench.platform.kubernetes.KubernetesSettings;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.DataPlaneLayout;
import io.meshbench.platform.local.LocalSettings;
import io.meshbench.topology.Limits;
import io.meshbench.topology.Quantities;
import io.meshbench.topology.TopologyLoader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What one invocation was asked to do: every -D flag of the run, parsed once into typed fields
 * (the mvn line's -D options reach the forked Gatling JVM as system properties). The scenario's
 * own flags (-Drate, -Dduration, -Drepeat, …) are the scenario loader's; they travel on as
 * {@link #scenarioOverrides}.
 *
 * @param topology      -Dtopology: a name in topologies/, a path, or a service count
 * @param scenario      -Dscenario: a name in scenarios/ or a path
 * @param modes         -Dmodes: comma-separated
 * @param target        -Dtarget
 * @param baseline      -Dbaseline: a stored run to compare with, or null
 * @param failOnFlag    -Dfail.on as given, or null (the scenario's failOn applies)
 * @param gateStrict    -Dgate.strict: a gate row that cannot be judged fails the gate instead of warning
 * @param orderSeed     -Dorder.seed: seeds the balanced order of repetitions (default: -Dseed)
 * @param maxPods       -DmaxPods: the local target's limit per mode
 * @param maxServices   -DmaxServices: the largest graph generated or loaded
 * @param maxReplicas   -DmaxReplicas: the most replicas a service of the topology may ask for
 * @param checkOnly     -Dcheck=only: check prerequisites and stop
 * @param nodeMemoryBytes     -Dnode.memory, or null
 * @param workloadMemoryBytes -Dworkload.memory, or null
 * @param kubernetes    the Kubernetes target's settings, or null on the local target
 * @param localDataPlane -Dlocal.dataplane: the local target's proxies a process each (the default), or in the harness JVM
 * @param localAddressBlock -Dlocal.addressBlock: the second octet where the local target's loopback addresses begin
 * @param rehearsal     -Drehearse: the traffic window of each mode's unmeasured rehearsal before the
 *                      measured slots; zero when rehearsals are off, null (the default, -Drehearse=true)
 *                      for as long as the scenario's measured window ({@link #rehearsalWindow})
 */
public record RunPlan(String runId, Path projectDir, Path resultsRoot, String topology, long seed,
                      String scenario, List<MeshMode> modes, Target target, int nodes, int maxPods, int maxServices,
                      int maxReplicas,
                      String baseline, String failOnFlag, boolean gateStrict, long orderSeed, String pushgateway,
                      boolean checkOnly, Long nodeMemoryBytes, Long workloadMemoryBytes,
                      KubernetesSettings kubernetes, Properties scenarioOverrides, DataPlaneLayout localDataPlane,
                      int localAddressBlock, Duration rehearsal) {

    public static final List<MeshMode> DEFAULT_MODES = List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT);
    /**
     * The -D options {@link #parse} reads itself (the scenario's and the Kubernetes target's are their
     * readers'; {@link Options} joins them all).
     */
    static final Set<String> OPTIONS = Set.of("topology", "seed", "order.seed", "modes", "target", "nodes", "maxPods",
            TopologyLoader.MAX_SERVICES_PROPERTY, Limits.MAX_REPLICAS_PROPERTY, "node.memory", "workload.memory",
            "gate.strict", "local.dataplane", "local.addressBlock", "rehearse", "baseline", "pushgateway", "fail.on",
            "scenario", "check");
    static final Duration MAX_REHEARSAL = Duration.ofMinutes(10);
    static final int LOCAL_MAX_SERVICES = 1000;
    static final int KUBERNETES_MAX_SERVICES = 2000;

    /** A plan, and every problem found in the flags (the plan holds defaults where a flag was bad). */
    public record Parsed(RunPlan plan, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Each mode's rehearsal window: by default as long as one measured window (in the default run,
     * 20 s: a mode's first repetition paid its first-time costs for seconds of its window even with
     * a 10 s warm-up behind it), or what -Drehearse gave; zero when off.
     */
    public Duration rehearsalWindow(Duration measuredWindow) {
        return rehearsal == null ? measuredWindow : rehearsal;
    }

    public Path runDir() {
        return resultsRoot.resolve(runId);
    }

    /** Parses, throwing {@link InputException} with every problem when any flag is bad. */
    public static RunPlan fromProperties(Properties p) {
        Parsed parsed = parse(p);
        if (!parsed.problems().isEmpty()) throw new InputException(parsed.problems());
        return parsed.plan();
    }

    /** Parses every flag, collecting all problems; never throws for bad input. */
    public static Parsed parse(Properties p) {
        Flags f = new Flags(p, new ArrayList<>());
        Path projectDir = Path.of(p.getProperty("meshbench.projectDir", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
        Path resultsRoot = Path.of(p.getProperty("results.dir", projectDir.resolve("results").toString()))
                .toAbsolutePath().normalize();
        String runId = p.getProperty("meshbench.runId", RunIds.fresh()).trim();
        RunIds.problem(runId).ifPresent(f.problems()::add);

        String topology = p.getProperty("topology", p.getProperty("meshbench.topologyDefault", "142")).trim();
        if (topology.isEmpty()) f.problems().add("-Dtopology is empty; give a name in topologies/, a path, or a number of services like 142");
        long seed = f.longFlag("seed", 1, "a whole number");
        long orderSeed = f.longFlag("order.seed", seed, "a whole number; it seeds the order modes run in");
        List<MeshMode> modes = modes(p, f.problems());

        Target target = Target.LOCAL;
        String targetText = p.getProperty("target");
        if (targetText != null) {
            try {
                target = Target.parse(targetText);
            } catch (IllegalArgumentException e) {
                f.problems().add("-Dtarget=" + targetText.trim() + ": use local or kubernetes");
            }
        }
        int nodes = f.intFlag("nodes", LocalSettings.DEFAULT_NODES, 1, 64, "a whole number of virtual nodes, 1 to 64");
        int maxPods = f.intFlag("maxPods", LocalSettings.DEFAULT_MAX_PODS, 1, LocalSettings.ADDRESSABLE_PODS,
                "a whole number of pods per mode, e.g. -DmaxPods=" + LocalSettings.DEFAULT_MAX_PODS);
        int serviceFallback = target == Target.KUBERNETES ? KUBERNETES_MAX_SERVICES : LOCAL_MAX_SERVICES;
        int maxServices = f.intFlag(TopologyLoader.MAX_SERVICES_PROPERTY, serviceFallback, 1, Integer.MAX_VALUE,
                "a whole number, e.g. -D" + TopologyLoader.MAX_SERVICES_PROPERTY + "=" + serviceFallback);
        int maxReplicas = f.intFlag(Limits.MAX_REPLICAS_PROPERTY, Limits.MAX_REPLICAS, 1, Integer.MAX_VALUE,
                "a positive whole number, e.g. -D" + Limits.MAX_REPLICAS_PROPERTY + "=1000");
        Long nodeMemory = f.size("node.memory");
        Long workloadMemory = f.size("workload.memory");
        boolean gateStrict = f.booleanFlag("gate.strict", false);
        String layoutText = p.getProperty("local.dataplane", DataPlaneLayout.PROCESS.id());
        Optional<DataPlaneLayout> layout = DataPlaneLayout.parse(layoutText);
        if (layout.isEmpty()) {
            f.problems().add("-Dlocal.dataplane=" + layoutText.trim() + ": use " + DataPlaneLayout.choices()
                    + " (process: a proxy process per pod or per node, as each architecture deploys them)");
        }
        DataPlaneLayout localDataPlane = layout.orElse(DataPlaneLayout.PROCESS);
        // Read where the sidecar processes are started; checked here so a bad value stops the run before any deploy.
        f.intFlag(LocalSettings.PROXY_WARM_UP_OPTION, LocalSettings.DEFAULT_PROXY_WARM_UP_CALLS, 0, LocalSettings.MAX_PROXY_WARM_UP_CALLS,
                "a whole number of calls per proxy process, 0 (off) to " + LocalSettings.MAX_PROXY_WARM_UP_CALLS
                        + ", e.g. -D" + LocalSettings.PROXY_WARM_UP_OPTION + "=" + LocalSettings.DEFAULT_PROXY_WARM_UP_CALLS);
        int lastBlock = 255 - AddressBlocks.SPAN;
        int addressBlock = f.intFlag("local.addressBlock", LocalSettings.DEFAULT_ADDRESS_BLOCK, 1, lastBlock,
                "a second octet from 1 to " + lastBlock + " (the run's addresses are 127.<block…block+"
                        + (AddressBlocks.SPAN - 1) + ">.x.y; give two runs on one machine blocks " + AddressBlocks.SPAN + " apart)");

        Duration rehearsal = f.rehearsal();
        String baseline = blankToNull(p.getProperty("baseline"));
        String pushgateway = blankToNull(p.getProperty("pushgateway"));
        if (pushgateway != null && !pushgateway.matches("https?://.+")) {
            f.problems().add("-Dpushgateway=" + pushgateway + ": give a URL like http://pushgateway:9091");
        }
        KubernetesSettings kubernetes = target == Target.KUBERNETES ? kubernetes(p, f.problems()) : null;
        // -Dcheck is the Kubernetes settings' flag (they parse and check it); elsewhere it must be "only" too.
        boolean checkOnly = kubernetes != null ? kubernetes.checkOnly() : checkOnlyFlag(p, target, f.problems());
        // a misspelt option would otherwise be ignored silently and the run use the default
        new java.util.TreeSet<>(p.stringPropertyNames()).forEach(name -> Options.nearMiss(name).ifPresent(f.problems()::add));
        RunPlan plan = new RunPlan(runId, projectDir, resultsRoot, topology, seed, p.getProperty("scenario", "steady").trim(),
                List.copyOf(modes), target, nodes, maxPods, maxServices, maxReplicas, baseline, blankToNull(p.getProperty("fail.on")),
                gateStrict, orderSeed, pushgateway, checkOnly, nodeMemory, workloadMemory, kubernetes, p, localDataPlane,
                addressBlock, rehearsal);
        return new Parsed(plan, f.problems());
    }

    /** Kubernetes settings and the context choice, every problem of both together. */
    private static KubernetesSettings kubernetes(Properties p, List<String> problems) {
        String context = blankToNull(p.getProperty("kube.context"));
        String kubeconfig = blankToNull(p.getProperty("kubeconfig"));
        problems.addAll(ClusterConnection.contextProblems(context, kubeconfig == null ? null : Path.of(kubeconfig)));
        try {
            return KubernetesSettings.fromProperties(p);
        } catch (PlatformException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static boolean checkOnlyFlag(Properties p, Target target, List<String> problems) {
        String check = blankToNull(p.getProperty("check"));
        if (check == null) return false;
        if (check.equalsIgnoreCase("only")) return true;
        // On Kubernetes a bad value is already among the settings' problems.
        if (target != Target.KUBERNETES) problems.add("-Dcheck=" + check + ": the only value is -Dcheck=only");
        return false;
    }

    private static List<MeshMode> modes(Properties p, List<String> problems) {
        String modesText = p.getProperty("modes");
        if (modesText == null) return DEFAULT_MODES;
        Set<MeshMode> chosen = new LinkedHashSet<>();
        int before = problems.size();
        for (String part : modesText.split(",")) {
            if (part.isBlank()) continue;
            try {
                if (!chosen.add(MeshMode.parse(part))) problems.add("-Dmodes: '" + part.trim() + "' is listed twice");
            } catch (IllegalArgumentException e) {
                problems.add("-Dmodes: " + e.getMessage());
            }
        }
        if (chosen.isEmpty() && problems.size() == before) problems.add("-Dmodes is empty; list modes like baseline,sidecar,ambient");
        return List.copyOf(chosen);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Reads one flag each; a bad value becomes a problem naming the flag and what would fix it. */
    private record Flags(Properties p, List<String> problems) {

        long longFlag(String name, long fallback, String expected) {
            String text = blankToNull(p.getProperty(name));
            if (text == null) return fallback;
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                problems.add("-D" + name + "=" + text + ": give " + expected);
                return fallback;
            }
        }

        int intFlag(String name, int fallback, int min, int max, String expected) {
            String text = blankToNull(p.getProperty(name));
            if (text == null) return fallback;
            try {
                int v = Integer.parseInt(text);
                if (v >= min && v <= max) return v;
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add("-D" + name + "=" + text + ": give " + expected);
            return fallback;
        }

        boolean booleanFlag(String name, boolean fallback) {
            String text = blankToNull(p.getProperty(name));
            if (text == null) return fallback;
            if (text.equalsIgnoreCase("true")) return true;
            if (text.equalsIgnoreCase("false")) return false;
            problems.add("-D" + name + "=" + text + ": give true or false");
            return fallback;
        }

        /** -Drehearse: true (null: one measured window), false, or the window itself (0s is off). */
        Duration rehearsal() {
            String text = blankToNull(p.getProperty("rehearse"));
            if (text == null || text.equalsIgnoreCase("true")) return null;
            if (text.equalsIgnoreCase("false")) return Duration.ZERO;
            try {
                Duration d = DurationText.parse(text);
                if (!d.isNegative() && d.compareTo(MAX_REHEARSAL) <= 0) return d;
            } catch (RuntimeException e) {
                // reported below
            }
            problems.add("-Drehearse=" + text + ": give true, false or the traffic window of each mode's unmeasured"
                    + " rehearsal, from 0s (off) to " + DurationText.format(MAX_REHEARSAL) + ", e.g. -Drehearse=20s");
            return null;
        }

        Long size(String name) {
            String text = blankToNull(p.getProperty(name));
            if (text == null) return null;
            try {
                long bytes = Quantities.parseSize(text);
                if (bytes > 0) return bytes;
            } catch (RuntimeException e) {
                // reported below
            }
            problems.add("-D" + name + "=" + text + ": give a size like 128 MB or 16 GB");
            return null;
        }
    }
}
