package io.meshbench.run;

import io.meshbench.core.MeshMode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * What one invocation was asked to do, read from system properties (the -D options of the mvn
 * line reach the forked Gatling JVM). Flags are checked here, before anything starts.
 *
 * @param topology  -Dtopology: a name in topologies/, a path, or a service count
 * @param scenario  -Dscenario: a name in scenarios/ or a path
 * @param modes     -Dmodes: comma-separated, in run order
 * @param target    -Dtarget: local (default) or kubernetes
 * @param baseline  -Dbaseline: a stored run to compare with, or null
 */
public record RunPlan(String runId, Path projectDir, Path resultsRoot, String topology, long seed,
                      String scenario, List<MeshMode> modes, String target, int nodes,
                      String baseline, String pushgateway, Properties properties) {

    public static final List<MeshMode> DEFAULT_MODES = List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT);
    private static final Set<String> TARGETS = Set.of("local", "kubernetes");

    public Path runDir() {
        return resultsRoot.resolve(runId);
    }

    public static RunPlan fromProperties(Properties p) {
        List<String> problems = new ArrayList<>();
        Path projectDir = Path.of(p.getProperty("meshbench.projectDir", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
        String runId = p.getProperty("meshbench.runId", RunIds.fresh());
        if (!runId.matches("[A-Za-z0-9._-]{1,80}")) {
            problems.add("-Drun.id=" + runId + ": use letters, digits, '.', '_' or '-' (it names a folder)");
        }
        String topology = p.getProperty("topology", p.getProperty("meshbench.topologyDefault", "142")).trim();
        if (topology.isEmpty()) problems.add("-Dtopology is empty; give a name in topologies/, a path, or a number of services like 142");

        long seed = 1;
        try {
            seed = Long.parseLong(p.getProperty("seed", "1").trim());
        } catch (NumberFormatException e) {
            problems.add("-Dseed=" + p.getProperty("seed") + ": give a whole number");
        }

        List<MeshMode> modes = new ArrayList<>(DEFAULT_MODES);
        String modesText = p.getProperty("modes");
        if (modesText != null) {
            Set<MeshMode> chosen = new LinkedHashSet<>();
            for (String part : modesText.split(",")) {
                if (part.isBlank()) continue;
                try {
                    if (!chosen.add(MeshMode.parse(part))) problems.add("-Dmodes: '" + part.trim() + "' is listed twice");
                } catch (IllegalArgumentException e) {
                    problems.add("-Dmodes: " + e.getMessage());
                }
            }
            if (chosen.isEmpty() && problems.isEmpty()) problems.add("-Dmodes is empty; list modes like baseline,sidecar,ambient");
            modes = new ArrayList<>(chosen);
        }

        String target = p.getProperty("target", "local").trim().toLowerCase();
        if (!TARGETS.contains(target)) problems.add("-Dtarget=" + target + ": use local or kubernetes");

        int nodes = 3;
        try {
            nodes = Integer.parseInt(p.getProperty("nodes", "3").trim());
            if (nodes < 1 || nodes > 64) problems.add("-Dnodes=" + nodes + ": use 1 to 64 virtual nodes");
        } catch (NumberFormatException e) {
            problems.add("-Dnodes=" + p.getProperty("nodes") + ": give a whole number of nodes like 3");
        }

        for (String sizeFlag : List.of("workload.memory", "node.memory")) {
            String text = p.getProperty(sizeFlag);
            if (text == null) continue;
            try {
                if (io.meshbench.topology.Quantities.parseSize(text) <= 0) throw new IllegalArgumentException("not above 0");
            } catch (RuntimeException e) {
                problems.add("-D" + sizeFlag + "=" + text + ": give a size like 128 MB or 16 GB");
            }
        }

        String baseline = blankToNull(p.getProperty("baseline"));
        String pushgateway = blankToNull(p.getProperty("pushgateway"));
        if (pushgateway != null && !pushgateway.matches("https?://.+")) {
            problems.add("-Dpushgateway=" + pushgateway + ": give a URL like http://pushgateway:9091");
        }
        if (!problems.isEmpty()) throw new InputException(problems);
        Path resultsRoot = Path.of(p.getProperty("results.dir", projectDir.resolve("results").toString()));
        return new RunPlan(runId, projectDir, resultsRoot, topology, seed, p.getProperty("scenario", "steady").trim(),
                List.copyOf(modes), target, nodes, baseline, pushgateway, p);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
