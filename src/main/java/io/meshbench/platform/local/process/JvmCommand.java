package io.meshbench.platform.local.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM of the local target: this JVM's own {@code java} and class path
 * (inside Gatling's or surefire's forked JVM that may be a single manifest "pathing" jar; the child
 * reads the same manifest), lean flags, and the run id so that a person can find every process of
 * a run ({@code pgrep -f meshbench.run=<id>}).
 *
 * <p>The flags, measured on a 2-core machine with 30 proxy JVMs started together: a small heap
 * ceiling (the proxies hold kilobytes of config and pooled direct buffers, not a big heap), the
 * serial collector (no GC threads per process), C1 only with one compiler thread (about a third of
 * C2's code cache and compile CPU; steady state within a few seconds of traffic), 256 KiB thread
 * stacks, no perf-data file, and the JDK's class-data archive mapped shared between all children
 * (its pages count once in PSS across the processes that map it).
 *
 * @param certificateAuthority true for the control plane, whose class path keeps BouncyCastle
 */
public record JvmCommand(String mainClass, List<String> args, String heap, String runId, boolean certificateAuthority) {

    public static final String RUN_PROPERTY = "meshbench.run";
    public static final String PARENT_PROPERTY = "meshbench.parentPid";

    /** Flags every child gets, besides heap, run id and parent pid. */
    public static final List<String> LEAN_FLAGS = List.of("-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxDirectMemorySize=128m", "-Djava.net.preferIPv4Stack=true");

    public JvmCommand {
        args = List.copyOf(args);
    }

    /** The run id children carry when their platform is not part of a run: named after this JVM. */
    public static String standaloneRunId() {
        return "local-" + ProcessHandle.current().pid();
    }

    public static Path javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java : Path.of("java");
    }

    public List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable().toString());
        cmd.add("-Xms4m");
        cmd.add("-Xmx" + heap);
        cmd.addAll(LEAN_FLAGS);
        cmd.add("-D" + RUN_PROPERTY + "=" + runId);
        cmd.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(ChildClassPath.current(certificateAuthority));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
