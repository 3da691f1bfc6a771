package io.meshbench.run;

/**
 * The run's one shutdown hook: on Ctrl-C (or a crash before the run finished) it collects what is
 * open, tears down every target, and writes the results marked incomplete. Targets leave their own
 * hooks out ({@link io.meshbench.platform.Platform#leaveShutdownToOwner}), so nothing is deleted
 * while the run still reads from it.
 */
final class RunShutdown {
    private final Thread hook;
    private volatile boolean released;

    RunShutdown(Runnable onInterrupt) {
        this.hook = new Thread(() -> {
            if (!released) onInterrupt.run();
        }, "meshbench-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run finished on its own: the hook has nothing left to do. */
    void release() {
        released = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already exiting; the hook sees released and returns
        }
    }
}
