package io.meshbench.platform.local.process;

/** A child main for lifecycle tests: answers "echo x" with x; "crash" writes to stderr and exits 3. */
public final class EchoChild {
    private EchoChild() {
    }

    public static void main(String[] args) {
        ParentLink.watchParent();
        if (args.length > 0 && args[0].equals("fail-at-start")) ParentLink.fail(4, "echo child: told to fail at start", null);
        ParentLink.serve("echo", command -> {
            if (command.equals("crash")) {
                System.err.println("echo child: crashing on purpose");
                System.err.flush();
                Runtime.getRuntime().halt(3);
            }
            if (!command.startsWith("echo ")) throw new IllegalArgumentException("unknown command " + command);
            return command.substring(5);
        });
    }
}
