package io.meshbench.run;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Keeps the terminal for meshbench's own lines. Gatling prints its closing statistics ("Global
 * Information", "Reports generated…") through Scala's console, which captures {@code System.out}
 * the first time it is used; installing a switchable stream as {@code System.out} before that lets
 * the run send everything Gatling prints after meshbench's report into {@code results/<run>/gatling.log}.
 * meshbench's closing lines go to {@link #terminal()}. If Scala's console was captured earlier,
 * nothing breaks: Gatling's lines then stay on the terminal.
 */
public final class GatlingOutput {
    private static final PrintStream TERMINAL = System.out;
    private static final Switch SWITCH = new Switch(TERMINAL);
    private static boolean installed;

    /** The file Gatling's closing output goes to, in the run folder. */
    public static final String LOG_FILE = "gatling.log";

    private GatlingOutput() {
    }

    /** Puts the switchable stream in as System.out; call before Gatling's Scala console first prints. */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        System.setOut(new PrintStream(SWITCH, true, StandardCharsets.UTF_8));
    }

    /** From now on, what is printed to System.out (Gatling's closing statistics) goes to {@code file}. */
    public static synchronized void divertTo(Path file) {
        try {
            SWITCH.target(new FileOutputStream(file.toFile(), true));
        } catch (IOException e) {
            TERMINAL.println("meshbench: could not open " + file + " (" + e.getMessage() + "); Gatling's output stays here");
        }
    }

    /** The real terminal, whatever System.out is now. */
    public static PrintStream terminal() {
        return TERMINAL;
    }

    /** An output stream whose target can change; writes are serialised with the switch. */
    private static final class Switch extends OutputStream {
        private OutputStream target;

        Switch(OutputStream target) {
            this.target = target;
        }

        synchronized void target(OutputStream next) {
            try {
                target.flush();
            } catch (IOException ignored) {
                // the old target is gone; the new one takes over
            }
            target = next;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            target.flush();
        }
    }
}
