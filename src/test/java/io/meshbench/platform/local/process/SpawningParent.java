package io.meshbench.platform.local.process;

import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the harness JVM in the orphan test: spawns two children (run id and log folder
 * from its arguments), prints their pids on one line, then waits to be killed.
 */
public final class SpawningParent {
    private SpawningParent() {
    }

    public static void main(String[] args) throws Exception {
        Path logs = Path.of(args[1]);
        ChildProcess a = ChildProcess.start("echo a", ProcessLifecycleTest.echo(args[0]), logs);
        ChildProcess b = ChildProcess.start("echo b", ProcessLifecycleTest.echo(args[0]), logs);
        System.out.println("PIDS " + a.pid() + " " + b.pid());
        System.out.flush();
        Thread.sleep(120_000);
        List.of(a, b).forEach(ChildProcess::close);
    }
}
