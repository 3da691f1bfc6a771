package io.meshbench.topology;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns a {@code -Dtopology=} value into a validated {@link Topology}. The value is looked up as
 * <ol>
 *   <li>a file in {@code <projectDir>/topologies/}, with or without {@code .yaml}/{@code .yml};</li>
 *   <li>a path to a file (absolute, relative to the working directory, or to the project);</li>
 *   <li>a whole number N: the e-commerce generator's N-service graph for the given seed.</li>
 * </ol>
 * So {@code 142} loads {@code topologies/142.yaml} (which is the generator's output for N=142,
 * seed 1), while {@code 143} generates.
 */
public final class TopologyLoader {

    /** System property through which a user raises the service limit named in error messages. */
    public static final String MAX_SERVICES_PROPERTY = "maxServices";
    public static final String TOPOLOGIES_DIR = "topologies";

    private TopologyLoader() {
    }

    /** Loads with the default replica limit, {@link Limits#MAX_REPLICAS}. */
    public static Topology load(String spec, Path projectDir, long seed, int maxServices) throws TopologyException {
        return load(spec, projectDir, seed, maxServices, Limits.MAX_REPLICAS);
    }

    /** @param maxReplicas the most replicas a service may ask for ({@code -DmaxReplicas}) */
    public static Topology load(String spec, Path projectDir, long seed, int maxServices, int maxReplicas)
            throws TopologyException {
        String trimmed = spec == null ? "" : spec.trim();
        if (trimmed.isEmpty()) {
            throw new TopologyException(null, 0, "-Dtopology", "no topology given — pass -Dtopology=<name in topologies/>, "
                    + "a path to a YAML file, or a service count such as 142");
        }
        Path dir = projectDir.resolve(TOPOLOGIES_DIR);
        for (String candidate : List.of(trimmed, trimmed + ".yaml", trimmed + ".yml")) {
            Path inDir = resolveQuietly(dir, candidate);
            if (inDir != null && Files.isRegularFile(inDir)) return loadFile(inDir, projectDir, maxServices, maxReplicas);
        }
        for (Path asPath : candidatePaths(trimmed, projectDir)) {
            if (Files.isRegularFile(asPath)) return loadFile(asPath, projectDir, maxServices, maxReplicas);
        }
        if (trimmed.matches("[+-]?\\d+")) {
            return generate(trimmed, seed, maxServices);
        }
        throw new TopologyException(null, 0, "-Dtopology", "no topology '" + trimmed + "': not a file in "
                + TOPOLOGIES_DIR + "/ (available: " + available(dir) + "), not an existing path, and not a "
                + "service count — pass one of those names, a path to a YAML file, or a number such as 142");
    }

    /** Reads one topology file; messages name it relative to the project when it lies inside. */
    public static Topology loadFile(Path file, Path projectDir, int maxServices, int maxReplicas)
            throws TopologyException {
        String shown = displayName(file, projectDir);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new TopologyException(shown, 0, "", "the file is not UTF-8 text — save it as UTF-8 YAML");
        } catch (IOException e) {
            throw new TopologyException(shown, 0, "", "cannot read the file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ") — check that it exists and is readable");
        }
        String base = file.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
        return YamlTopologyReader.read(text, shown, base, maxServices, maxReplicas);
    }

    /**
     * Reads topology YAML that is not in a file the user named — for example the copy the
     * Kubernetes target mounts into each pod. {@code sourceName} stands for the file in messages.
     */
    public static Topology fromYaml(String yaml, String sourceName, int maxServices) throws TopologyException {
        String base = sourceName.replaceAll(".*/", "").replaceFirst("\\.(ya?ml)$", "");
        return YamlTopologyReader.read(yaml, sourceName, base, maxServices, Limits.MAX_REPLICAS);
    }

    private static Topology generate(String digits, long seed, int maxServices) {
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            n = digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (n < 1) {
            throw new TopologyException(null, 0, "-Dtopology", digits + " services is too few — a generated topology "
                    + "needs at least 1 service (the limit is 1 to " + maxServices + ")");
        }
        if (n > maxServices) {
            throw new TopologyException(null, 0, "-Dtopology", digits + " services is more than this target's limit of "
                    + maxServices + " — pick at most " + maxServices + ", or raise the limit with -D"
                    + MAX_SERVICES_PROPERTY + "=" + digits + " if the machine can carry it");
        }
        return TopologyGenerator.generate((int) n, seed);
    }

    private static List<Path> candidatePaths(String spec, Path projectDir) {
        List<Path> out = new ArrayList<>();
        try {
            Path p = Path.of(spec);
            out.add(p);
            if (!p.isAbsolute()) out.add(projectDir.resolve(p));
        } catch (InvalidPathException e) {
            // Not a path on this system; the other interpretations still apply.
        }
        return out;
    }

    private static Path resolveQuietly(Path dir, String name) {
        try {
            return dir.resolve(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String displayName(Path file, Path projectDir) {
        Path abs = file.toAbsolutePath().normalize();
        Path project = projectDir.toAbsolutePath().normalize();
        return abs.startsWith(project) ? project.relativize(abs).toString() : file.toString();
    }

    private static String available(Path dir) {
        if (!Files.isDirectory(dir)) return "none — " + dir + " does not exist";
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .map(n -> n.replaceFirst("\\.(ya?ml)$", "")).sorted().toList();
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
