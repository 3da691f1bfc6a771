package io.meshbench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a report.html in headless Chromium at a given window width and lists every box wider than
 * the room it has (horizontal overflow): the page, and each main/header/section/footer. The report
 * runs no script (its CSP forbids it), so a copy without the CSP gets one that writes each
 * overflowing box's scrollWidth vs clientWidth into the DOM, which --dump-dom prints.
 *
 * <p>Used by {@link BrowserReportTest} on synthetic runs, and by .ci/run on the report of the run
 * its smoke step has just made: {@code java -cp target/test-classes io.meshbench.report.LayoutProbe
 * results/ci-smoke/report.html target/layout} (exit 1 on overflow; screenshots at both widths kept).
 */
public final class LayoutProbe {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final int[] WIDTHS = {1280, 1920};
    private static final String PROBE = "<script>(function(){var bad=[];var d=document.documentElement;"
            + "if(d.scrollWidth>d.clientWidth+1)bad.push('page '+d.scrollWidth+'>'+d.clientWidth);"
            + "document.querySelectorAll('main,header,section,footer').forEach(function(s){if(s.scrollWidth>s.clientWidth+1)"
            + "bad.push(s.tagName.toLowerCase()+' \"'+((s.querySelector('h1,h2')||{textContent:''}).textContent)+'\" '"
            + "+s.scrollWidth+'>'+s.clientWidth);});"
            + "var p=document.createElement('pre');p.textContent='OVER'+'FLOW['+bad.join('; ')+']';document.body.appendChild(p);})();"
            + "</script></body>";

    private LayoutProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LayoutProbe <report.html> <folder for screenshots>");
            System.exit(64);
        }
        Path report = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out);
        Path profile = Files.createTempDirectory("meshbench-chromium");
        boolean fits = true;
        for (int width : WIDTHS) {
            List<String> over = overflow(report, width, out, profile);
            Path png = screenshot(report, width, out.resolve("report-" + width + ".png"), profile);
            System.out.println(width + " px: " + (over.isEmpty() ? "fits" : "OVERFLOW " + over) + " (" + png + ")");
            fits &= over.isEmpty();
        }
        System.exit(fits ? 0 : 1);
    }

    /** The boxes wider than their room at {@code width} px: empty when the report fits. */
    static List<String> overflow(Path report, int width, Path scratch, Path profile) throws IOException, InterruptedException {
        String html = Files.readString(report, StandardCharsets.UTF_8)
                .replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        // beside the report, so its relative links resolve as they do for the report itself
        Path probed = report.resolveSibling("report-probe-" + width + ".html");
        Files.writeString(probed, html.replace("</body>", PROBE), StandardCharsets.UTF_8);
        try {
            Result dom = chromium(profile, "--dump-dom", "--window-size=" + width + ",2000", probed.toUri().toString());
            if (dom.exit() != 0) throw new IllegalStateException("chromium exited " + dom.exit() + ": " + dom.stderr());
            Matcher m = Pattern.compile("OVERFLOW\\[([^\\]]*)\\]").matcher(dom.stdout());
            if (!m.find()) throw new IllegalStateException("the probe did not run at " + width + " px");
            return m.group(1).isEmpty() ? List.of() : List.of(m.group(1).split("; "));
        } finally {
            Files.deleteIfExists(probed);
        }
    }

    /** A full-page screenshot of the report as it is (CSP kept) at {@code width} px. */
    static Path screenshot(Path report, int width, Path png, Path profile) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Result shot = chromium(profile, "--screenshot=" + png, "--hide-scrollbars", "--window-size=" + width + ",3000",
                report.toUri().toString());
        if (shot.exit() != 0) throw new IllegalStateException("chromium exited " + shot.exit() + ": " + shot.stderr());
        return png;
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile("chromium", ".out");
        Path stderr = Files.createTempFile("chromium", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 120 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
