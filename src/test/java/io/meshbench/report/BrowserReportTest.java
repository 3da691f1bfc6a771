package io.meshbench.report;

import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens a report rendered from a synthetic run in headless Chromium: it must render, log no console
 * message or network error, and request nothing outside the file. The page's own CSP
 * (default-src 'none') turns any outside load into a logged console error, and the host resolver
 * rule makes any outside host unresolvable, so a stray request cannot leave the machine either way.
 * The screenshot is kept at target/browser-report/report.png.
 */
class BrowserReportTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern URL_ATTR = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*\"([^\"]*)\"");

    @Test
    void reportRendersInHeadlessChromiumWithoutErrorsOrOutsideRequests() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed (CI installs it)");
        Path out = Path.of("target", "browser-report").toAbsolutePath();
        Path runDir = out.resolve("results").resolve("browser-run");
        Files.createDirectories(runDir.resolve("gatling").resolve("meshbenchsimulation-1"));
        Files.writeString(runDir.resolve("gatling").resolve("meshbenchsimulation-1").resolve("index.html"), "<html></html>");
        RunRecord record = SyntheticRun.record("browser-run", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2),
                SyntheticRun.ambient(3), SyntheticRun.waypoint(4).withAchieved(500)), 1, 500);
        RunStore.write(runDir, record);
        Path report = runDir.resolve("report.html");
        String html = Files.readString(report);

        // static: nothing but data: URIs and relative links
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "report must not contain scripts");
        Matcher m = URL_ATTR.matcher(html);
        int links = 0;
        while (m.find()) {
            String url = m.group(2);
            links++;
            assertFalse(url.contains("://") || url.startsWith("//"), "outside reference: " + url);
        }
        assertTrue(links > 5, "expected images and file links, found " + links);
        assertTrue(html.contains("href=\"gatling/meshbenchsimulation-1/index.html\""));

        Path profile = Files.createTempDirectory("meshbench-chromium");
        Path png = out.resolve("report.png");
        Files.deleteIfExists(png);
        Result shot = chromium(profile, "--screenshot=" + png, "--window-size=1400,4000", report.toUri().toString());
        assertEquals(0, shot.exit, shot.stderr);
        assertTrue(Files.size(png) > 20_000, "screenshot too small: " + Files.size(png));

        Result dom = chromium(profile, "--dump-dom", report.toUri().toString());
        assertEquals(0, dom.exit, dom.stderr);
        assertTrue(dom.stdout.contains("Headline") && dom.stdout.contains("emulated data plane — not Istio"),
                "DOM lacks the report's content");
        for (Result r : List.of(shot, dom)) {
            for (String line : r.stderr.split("\n")) {
                assertFalse(line.contains("Uncaught") || line.contains("ERR_") || line.contains("CONSOLE")
                        || line.contains("Refused to"), "browser reported: " + line);
            }
        }
    }

    /**
     * The report must fit a 1280 px and a 1920 px wide window: no section and no page wider than its
     * box. The report itself runs no script (its CSP forbids it), so a copy without the CSP gets one
     * that writes each overflowing box's scrollWidth vs clientWidth into the DOM, which --dump-dom
     * prints. Screenshots at both widths are kept in target/browser-report/.
     */
    @Test
    void reportFitsAt1280And1920PixelsWithoutHorizontalOverflow() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed (CI installs it)");
        Path out = Path.of("target", "browser-report").toAbsolutePath();
        Path runDir = out.resolve("results").resolve("layout-run");
        Files.createDirectories(runDir);
        RunRecord record = SyntheticRun.record("layout-run", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2),
                SyntheticRun.ambient(3), SyntheticRun.waypoint(4)), 2, 500);
        RunStore.write(runDir, record);
        String html = Files.readString(runDir.resolve("report.html"))
                .replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        String probe = "<script>(function(){var bad=[];var d=document.documentElement;"
                + "if(d.scrollWidth>d.clientWidth+1)bad.push('page '+d.scrollWidth+'>'+d.clientWidth);"
                + "document.querySelectorAll('section').forEach(function(s){if(s.scrollWidth>s.clientWidth+1)"
                + "bad.push((s.querySelector('h2')||{textContent:'?'}).textContent+' '+s.scrollWidth+'>'+s.clientWidth);});"
                + "var p=document.createElement('pre');p.textContent='OVER'+'FLOW['+bad.join('; ')+']';document.body.appendChild(p);})();"
                + "</script></body>";
        Path probed = runDir.resolve("report-probe.html");
        Files.writeString(probed, html.replace("</body>", probe));
        Path profile = Files.createTempDirectory("meshbench-chromium");
        for (int width : new int[]{1280, 1920}) {
            Result dom = chromium(profile, "--dump-dom", "--window-size=" + width + ",2000", probed.toUri().toString());
            assertEquals(0, dom.exit, dom.stderr);
            Matcher m = Pattern.compile("OVERFLOW\\[([^\\]]*)\\]").matcher(dom.stdout);
            assertTrue(m.find(), "the probe did not run at " + width + " px");
            assertEquals("", m.group(1), "horizontal overflow at " + width + " px");
            Path png = out.resolve("report-" + width + ".png");
            Result shot = chromium(profile, "--screenshot=" + png, "--hide-scrollbars", "--window-size=" + width + ",3000",
                    runDir.resolve("report.html").toUri().toString());
            assertEquals(0, shot.exit, shot.stderr);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile("chromium", ".out");
        Path stderr = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
