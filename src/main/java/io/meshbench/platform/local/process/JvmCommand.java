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
 * stacks, no perf-data file, JVM warnings on stderr (stdout carries READY), and class-data sharing:
 * the JDK's archive mapped at its base address and the proxies' own archive ({@link ClassDataArchive}),
 * their pages shared by all children (they count once in PSS across the processes that map them).
 * Measured with {@code ProxyProcessBenchmark} (8 sidecars one after another, machine load ~10):
 * without both, 1.15 CPU-s to READY and PSS 43.5 MiB each; with them, 0.74–1.01 CPU-s and 28.8 MiB.
 * Netty's flight-recorder events are off: Netty 4.2 emits them from its allocator when the JDK's
 * recorder is available, and the first chunk a proxy allocated (in its first scrape or request)
 * made the JVM register and instrument Netty's event classes — class generation run interpreted,
 * about 170 ms of CPU per proxy (a fresh sidecar's first scrape: 260 ms of CPU with it, 91 ms
 * without; 30 sidecars, same benchmark). No proxy records flight data.
 *
 * @param certificateAuthority true for the control plane, whose class path keeps BouncyCastle
 */
public record JvmCommand(String mainClass, List<String> args, String heap, String runId, boolean certificateAuthority,
                         List<String> extraFlags) {

    public static final String RUN_PROPERTY = "meshbench.run";
    public static final String PARENT_PROPERTY = "meshbench.parentPid";
    /** Extra JVM flags for every proxy and control-plane process (process layout), space separated. */
    public static final String CHILD_JVM_FLAGS_OPTION = "local.childJvmFlags";

    /**
     * How often a JVM's housekeeping wakes when there is nothing to do: every 5 s instead of every
     * second for the "cleanup" safepoint, and every 5 s instead of every 250 ms for the
     * monitor-deflation thread, which (JDK 17.0.15) waits for the shortest of its intervals. With 259
     * sidecar JVMs under load on 2 cores, the scheduler's own accounting ({@code /proc/<pid>/task/<tid>/schedstat})
     * showed each deflation thread waking 4.4 times a second at about 0.27 ms of CPU a wake —
     * 13 % of the proxies' CPU — while the JVM's log showed it deflating a few monitors a minute.
     * A proxy holds a few dozen monitors at most. Deflation still runs once a minute, and within
     * 5 s when the monitors in use pass the JVM's threshold; GC safepoints still do their cleanup.
     */
    static final int QUIET_MILLIS = 5_000;

    /**
     * Flags every child gets, besides heap, run id and parent pid. The first two let the
     * diagnostic ones below through, on a JVM that has them (the unlock must precede them).
     */
    public static final List<String> LEAN_FLAGS = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:+IgnoreUnrecognizedVMOptions", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxDirectMemorySize=128m", "-XX:GuaranteedSafepointInterval=" + QUIET_MILLIS,
            "-XX:AsyncDeflationInterval=" + QUIET_MILLIS,
            "-Djava.net.preferIPv4Stack=true", "-Dio.netty.jfr.enabled=false", "-Xlog:disable", "-Xlog:all=warning:stderr");

    /**
     * Where the JDK's archive is mapped: at its own base address (0), not relocated to a random one
     * (JDK 17.0.x's default, 1) — relocation writes every page of it, making it private to each
     * process; unrelocated, its pages are shared by all children (about 5 MiB less PSS each). A JVM
     * without the (diagnostic) option ignores it.
     */
    static final List<String> SHARED_ARCHIVE_AT_BASE = List.of("-XX:ArchiveRelocationMode=0");

    public JvmCommand {
        args = List.copyOf(args);
        extraFlags = List.copyOf(extraFlags);
    }

    public JvmCommand(String mainClass, List<String> args, String heap, String runId, boolean certificateAuthority) {
        this(mainClass, args, heap, runId, certificateAuthority, List.of());
    }

    /** The same command with {@code flags} added (e.g. a training proxy's archive flags). */
    public JvmCommand withFlags(List<String> flags) {
        List<String> all = new ArrayList<>(extraFlags);
        all.addAll(flags);
        return new JvmCommand(mainClass, args, heap, runId, certificateAuthority, all);
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
        String classPath = ChildClassPath.current(certificateAuthority);
        cmd.addAll(SHARED_ARCHIVE_AT_BASE);
        boolean training = extraFlags.stream().anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit"));
        if (!training) cmd.addAll(ClassDataArchive.runtimeFlags(classPath));
        cmd.addAll(extraFlags);
        String extra = System.getProperty(CHILD_JVM_FLAGS_OPTION, "").trim();
        if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
        cmd.add("-D" + RUN_PROPERTY + "=" + runId);
        cmd.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
