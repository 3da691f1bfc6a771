package io.meshbench.platform.local.process;

import io.meshbench.platform.local.WorkloadHostMain;

import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the harness JVM in the orphan test: spawns two children and a workload host (run id
 * and log folder from its arguments), prints their pids on one line, then waits to be killed.
 */
public final class SpawningParent {
    private SpawningParent() {
    }

    public static void main(String[] args) throws Exception {
        Path logs = Path.of(args[1]);
        ChildProcess a = ChildProcess.start("echo a", ProcessLifecycleTest.echo(args[0]), logs);
        ChildProcess b = ChildProcess.start("echo b", ProcessLifecycleTest.echo(args[0]), logs);
        ChildProcess host = ChildProcess.start("workload-host node-1", new JvmCommand(WorkloadHostMain.class.getName(),
                List.of("node-1"), "64m", args[0], false), logs);
        System.out.println("PIDS " + a.pid() + " " + b.pid() + " " + host.pid());
        System.out.flush();
        Thread.sleep(120_000);
        List.of(a, b, host).forEach(ChildProcess::close);
    }
}
