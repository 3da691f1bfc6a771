package io.meshbench.run;

import io.meshbench.load.ScenarioLoader;
import io.meshbench.platform.kubernetes.InjectorSettings;
import io.meshbench.platform.kubernetes.KubernetesSettings;
import io.meshbench.platform.local.LocalSettings;
import io.meshbench.platform.local.process.ClassDataArchive;
import io.meshbench.platform.local.process.JvmCommand;
import io.meshbench.topology.Names;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@code -D} option of the run command, gathered from the classes that read them: the flag
 * check ({@link RunPlan#parse}) refuses a near miss of one ({@code -Dtopolgy}) instead of running
 * with the default, and the docs check (DocsCommandsTest) refuses a doc that spells an option no
 * class reads. Each reader keeps its own list beside its parsing code; this class only joins them.
 */
public final class Options {

    /** Set by the pom on the forked JVM, not typed by users (who write {@code -Drun.id}, {@code -Dtopology}). */
    static final Set<String> INTERNAL = Set.of("meshbench.runId", "meshbench.projectDir", "meshbench.topologyDefault",
            "results.dir");
    /** Properties of pom.xml the mvn line may set: they reach the run through the pom, not as system properties. */
    public static final Set<String> MAVEN = Set.of("run.id", "gatling.jvm.heap");
    /**
     * Prefixes of the JVM's, Maven's and its plugins' own properties, which reach the forked JVM too;
     * never taken for a misspelt option of ours.
     */
    private static final List<String> FOREIGN_PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "user.", "os.", "file.", "line.", "path.", "native.", "stdin.", "stdout.",
            "stderr.", "awt.", "apple.", "jna.", "jansi.", "jline.", "library.", "classworlds.", "guice.", "aether.",
            "maven.", "style.", "hudson.", "idea.", "env.", "sbt.", "scala.", "swoval.", "log4j.", "logback.", "io.",
            "org.", "com.", "net.", "http.", "https.", "socks", "ftp.", "gatling.", "jib.", "exec.", "mdep.",
            "surefire.", "failsafe.", "skip", "test");

    private Options() {
    }

    /** The options users give, sorted: the run plan's, the scenario's (with the fault's), each target's, and the pom's. */
    public static Set<String> names() {
        Set<String> all = new TreeSet<>(RunPlan.OPTIONS);
        all.addAll(ScenarioLoader.OPTIONS);
        all.addAll(KubernetesSettings.OPTIONS);
        all.addAll(InjectorSettings.OPTIONS);
        all.add(JvmCommand.CHILD_JVM_FLAGS_OPTION);
        all.add(ClassDataArchive.OPTION);
        all.add(LocalSettings.PROXY_WARM_UP_OPTION);
        all.addAll(MAVEN);
        return all;
    }

    /**
     * A property that is not an option but one letter or so away from one: the run would silently
     * use the default, so it is refused with the option it probably meant. Anything else unknown
     * (the JVM's, Maven's, a plugin's) is left alone.
     */
    static Optional<String> nearMiss(String property) {
        if (names().contains(property) || INTERNAL.contains(property)) return Optional.empty();
        if (FOREIGN_PREFIXES.stream().anyMatch(property::startsWith)) return Optional.empty();
        return Names.closest(property, names()).map(option -> "-D" + property + " is not an option of meshbench (did you mean -D"
                + option + "?); as written it would be ignored and the default used");
    }
}
