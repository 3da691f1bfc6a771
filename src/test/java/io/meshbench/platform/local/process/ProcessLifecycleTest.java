package io.meshbench.platform.local.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Child processes start, answer, report a crash with its status and stderr, and never outlive their
 * parent — proxies' stand-ins and a real workload host alike.
 */
class ProcessLifecycleTest {

    /** Longest the children of a killed parent may stay (the bound). */
    private static final long ORPHAN_DEADLINE_MILLIS = 10_000;

    @TempDir
    Path logs;
    private final List<ChildProcess> started = new ArrayList<>();

    static JvmCommand echo(String runId, String... args) {
        return new JvmCommand(EchoChild.class.getName(), Arrays.asList(args), "16m", runId, false);
    }

    @AfterEach
    void stop() {
        started.forEach(ChildProcess::close);
    }

    @Test
    void aChildSaysReadyAnswersCommandsAndStopsWhenItsStdinCloses() throws Exception {
        ChildProcess child = ChildProcess.start("echo", echo("lifecycle-test"), logs);
        started.add(child);
        assertEquals("echo", child.readyDetail());
        assertEquals("hello", child.request("echo hello"));
        ChildProcess.ChildFailure refused = assertThrows(ChildProcess.ChildFailure.class, () -> child.request("nonsense"));
        assertTrue(refused.getMessage().contains("unknown command nonsense"), refused.getMessage());
        String cmdline = ProcessHandle.of(child.pid()).flatMap(h -> h.info().arguments()).map(a -> String.join(" ", a)).orElse("");
        assertTrue(cmdline.contains("-Dmeshbench.run=lifecycle-test"), cmdline);
        child.requestStop();
        child.awaitStop(java.time.Duration.ofSeconds(10));
        assertFalse(child.alive());
        assertFalse(child.diedUnexpectedly(), "told to stop, so not a failure");
    }

    @Test
    void aCrashIsReportedWithItsExitStatusAndLastStderrLines() throws Exception {
        ChildProcess child = ChildProcess.start("echo", echo("lifecycle-test"), logs);
        started.add(child);
        assertThrows(ChildProcess.ChildFailure.class, () -> child.request("crash"));
        assertTrue(child.diedUnexpectedly());
        String why = child.describeFailure("died");
        assertTrue(why.contains("exit status 3"), why);
        assertTrue(why.contains("crashing on purpose"), why);
    }

    @Test
    void aChildThatFailsToStartNamesItsCause() {
        ChildProcess.ChildFailure e = assertThrows(ChildProcess.ChildFailure.class,
                () -> ChildProcess.start("echo", echo("lifecycle-test", "fail-at-start"), logs));
        assertTrue(e.getMessage().contains("exit status 4"), e.getMessage());
        assertTrue(e.getMessage().contains("told to fail at start"), e.getMessage());
    }

    @Test
    void aChildWhoseParentIsGoneStopsEvenWhileItsStdinStaysOpen() throws Exception {
        // The orphan is told its parent is this JVM's parent, so to its watcher the real parent looks
        // like a re-parent. Stdin stays open for both children: only the watcher can stop one, and it
        // must leave the child whose parent is still there alone.
        long notItsParent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        String parentFlag = "-D" + JvmCommand.PARENT_PROPERTY + "=";
        List<String> cmd = new ArrayList<>(echo("lifecycle-test").commandLine());
        cmd.replaceAll(a -> a.startsWith(parentFlag) ? parentFlag + notItsParent : a);
        Process orphan = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process kept = new ProcessBuilder(echo("lifecycle-test").commandLine()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(orphan.waitFor(ORPHAN_DEADLINE_MILLIS, TimeUnit.MILLISECONDS), "child still alive 10 s after losing its parent");
            assertEquals(0, orphan.exitValue());
            assertFalse(kept.waitFor(4, TimeUnit.SECONDS), "a child whose parent is alive must outlast a watch interval");
        } finally {
            orphan.destroyForcibly();
            kept.getOutputStream().close();
            kept.destroyForcibly();
        }
    }

    @Test
    void childrenOfAKilledParentAreGoneWithinTenSeconds() throws Exception {
        JvmCommand parent = new JvmCommand(SpawningParent.class.getName(), List.of("orphan-test", logs.toString()), "32m",
                "orphan-test", false);
        Process p = new ProcessBuilder(parent.commandLine()).redirectError(logs.resolve("parent.stderr").toFile()).start();
        List<ProcessHandle> children = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("PIDS "), "parent said " + line);
            for (String pid : line.substring(5).trim().split(" ")) {
                children.add(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
            }
            assertEquals(3, children.size(), "two children and a workload host: " + line);
            assertTrue(children.stream().allMatch(ProcessHandle::isAlive));
            p.destroyForcibly();   // SIGKILL: no shutdown hook runs in the parent
            long deadline = System.currentTimeMillis() + ORPHAN_DEADLINE_MILLIS;
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "children still alive 10 s after SIGKILL of their parent");
        } finally {
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
