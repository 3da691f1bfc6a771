package io.meshbench.platform.local.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The child's side of the link to the harness: a "READY" line on stdout once serving, then one
 * reply line per command line read from stdin. The child never outlives its parent: stdin's end
 * (the parent closed it, or died and the kernel closed it) stops the child, and so does a watcher
 * that sees the parent's pid gone or replaced (a re-parented orphan), checked every 3 s.
 */
public final class ParentLink {

    public static final String READY = "READY";
    /** Longest the child waits for its own shutdown hooks before halting. */
    /** How long exit may take before the JVM is halted (a training proxy needs longer: it writes its class-data archive). */
    public static final String EXIT_GRACE_PROPERTY = "meshbench.exitGraceMillis";
    private static final long EXIT_GRACE_MILLIS = Long.getLong(EXIT_GRACE_PROPERTY, 3_000);
    /**
     * How often the watcher looks at the parent's pid. stdin's end stops a child at once in the
     * usual case; the watcher is the fallback, and each look reads /proc twice: every second it
     * was a third of an idle proxy's CPU, 259 proxies on 2 cores. 3 s plus the exit grace stays
     * inside the 10 s in which no process of a run may outlive it.
     */
    private static final long WATCH_INTERVAL_MILLIS = 3_000;

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private ParentLink() {
    }

    /**
     * Starts watching the parent's pid, and ignores SIGINT and SIGTERM; call first thing in a child's main.
     * A terminal's Ctrl-C goes to the whole foreground process group, children too: dying with the
     * harness's JVM, the workload hosts took the interrupted window's latency logs with them, and the
     * window was lost instead of written as incomplete. The harness stops its children itself (stdin's
     * end, then SIGKILL after a grace), and a child whose parent is gone stops on its own.
     */
    public static void watchParent() {
        long expected = Long.getLong(JvmCommand.PARENT_PROPERTY, -1);
        if (expected <= 0) return;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException e) {
                // a platform without this signal: nothing to ignore
            }
        }
        Thread watcher = new Thread(() -> {
            while (true) {
                long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (parent != expected || !ProcessHandle.of(expected).map(ProcessHandle::isAlive).orElse(false)) {
                    exit(0, "parent " + expected + " is gone");
                    return;
                }
                try {
                    Thread.sleep(WATCH_INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "meshbench-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Says ready with {@code detail}, then answers commands until stdin ends, then exits. Never returns.
     * A command's reply must be one line; a thrown exception becomes "ERR message".
     */
    public static void serve(String detail, Function<String, String> commands) {
        OUT.println(READY + " " + detail);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply;
                try {
                    reply = "OK " + commands.apply(line.trim());
                } catch (RuntimeException e) {
                    reply = "ERR " + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' ');
                }
                OUT.println(reply);
            }
        } catch (java.io.IOException e) {
            // stdin broken: the parent is gone
        }
        exit(0, "stdin closed");
    }

    /** Reports a start-up failure on stderr (the parent shows its last lines) and exits with {@code status}. */
    public static void fail(int status, String message, Throwable cause) {
        System.err.println(message);
        if (cause != null) cause.printStackTrace();
        exit(status, message);
    }

    private static void exit(int status, String why) {
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(status);
        }, "meshbench-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(status);
    }
}
