package io.meshbench.platform.local.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of the local target (a proxy, the control plane), seen from the harness: started
 * with {@link JvmCommand}, ready when it prints {@code READY}, given commands one line at a time
 * on its stdin. Its stderr goes to a file whose last lines explain a failure. Closing stdin is how
 * it is told to stop; it is killed if it has not within a few seconds.
 */
public final class ChildProcess implements AutoCloseable {

    /** Longest a child may take to say ready; 259 JVMs starting on 2 cores take ~30 s in all. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int STDERR_LINES = 12;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meshbench-child-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final Process process;
    private final Path stderr;
    private final BufferedReader out;
    private final Writer in;
    private final String readyDetail;
    private volatile boolean closing;

    private ChildProcess(String name, Process process, Path stderr, BufferedReader out, Writer in, String readyDetail) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.out = out;
        this.in = in;
        this.readyDetail = readyDetail;
    }

    /**
     * Starts {@code command} and waits for its READY line.
     *
     * @param name   what the child is ("sidecar checkout-0"), for messages
     * @param logDir where its stderr file goes
     * @throws ChildFailure when it cannot start, exits, or is not ready within {@link #START_TIMEOUT}
     */
    public static ChildProcess start(String name, JvmCommand command, Path logDir) throws ChildFailure {
        Path err = logDir.resolve(stderrFileName(name));
        Process p;
        try {
            ProcessBuilder builder = new ProcessBuilder(command.commandLine()).redirectError(err.toFile());
            // glibc gives each thread that mallocs its own 64 MiB arena; a proxy needs two, not one per thread.
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            p = builder.start();
        } catch (IOException e) {
            throw new ChildFailure(name + ": could not start " + JvmCommand.javaExecutable() + ": " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        ChildProcess child = new ChildProcess(name, p, err, out, in, null);
        String line = child.readLine(START_TIMEOUT);
        if (line == null || !line.startsWith(ParentLink.READY)) {
            child.close();
            throw new ChildFailure(child.describeFailure(line == null ? "exited before it was ready"
                    : "said '" + line + "' instead of READY"), null);
        }
        return new ChildProcess(name, p, err, out, in, line.substring(ParentLink.READY.length()).trim());
    }

    /** The file in its log folder that a child named {@code name} writes its stderr to. */
    public static String stderrFileName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".stderr";
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** What the child said with READY (e.g. the port it listens on). */
    public String readyDetail() {
        return readyDetail;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Sends one command line and returns the reply's text after "OK". */
    public String request(String command) throws ChildFailure {
        return request(command, COMMAND_TIMEOUT);
    }

    /** {@link #request(String)} for a command that takes up to {@code timeout} (a proxy's warm-up). */
    public synchronized String request(String command, Duration timeout) throws ChildFailure {
        try {
            in.write(command + "\n");
            in.flush();
        } catch (IOException e) {
            throw new ChildFailure(describeFailure("did not take the command '" + command + "'"), e);
        }
        String reply = readLine(timeout);
        if (reply == null) throw new ChildFailure(describeFailure("did not answer '" + command + "'"), null);
        if (!reply.startsWith("OK")) throw new ChildFailure(name + ": '" + command + "' failed: " + reply, null);
        return reply.substring(2).trim();
    }

    /** Reads a line, killing the child if none comes in time (a hung child must not hang the run). */
    private String readLine(Duration timeout) {
        ScheduledFuture<?> kill = WATCHDOG.schedule(process::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return out.readLine();
        } catch (IOException e) {
            return null;
        } finally {
            kill.cancel(false);
        }
    }

    /**
     * "sidecar checkout-0 (pid 123) <what>: exit status 1; last stderr lines: ..." — what a person
     * needs to see why a child died. Waits briefly for the exit status.
     */
    public String describeFailure(String what) {
        StringBuilder b = new StringBuilder(name).append(" (pid ").append(process.pid()).append(") ").append(what);
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) b.append(": exit status ").append(process.exitValue());
            else b.append(": still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> tail = lastStderrLines();
        if (!tail.isEmpty()) b.append("; last stderr lines:\n    ").append(String.join("\n    ", tail));
        return b.toString();
    }

    public List<String> lastStderrLines() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - STDERR_LINES), lines.size());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Whether it exited without being told to. */
    public boolean diedUnexpectedly() {
        return !closing && !process.isAlive();
    }

    /**
     * Kills the child at once (SIGKILL, as a pod deletion past its grace period or a crash) and waits
     * until it is gone: the disruption scenarios' fault. Not counted as an unexpected death.
     */
    public void kill() {
        closing = true;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Asks the child to stop (closes its stdin); does not wait. */
    public void requestStop() {
        closing = true;
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Waits up to {@code grace} for it to stop after {@link #requestStop()}, then kills it. */
    public void awaitStop(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        requestStop();
        awaitStop(Duration.ofSeconds(5));
    }

    /** A child that could not start, or failed a command. */
    public static final class ChildFailure extends Exception {
        public ChildFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
