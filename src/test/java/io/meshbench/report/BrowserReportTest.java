package io.meshbench.report;

import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static final Path CHROMIUM = LayoutProbe.CHROMIUM;
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
        LayoutProbe.Result shot = chromium(profile, "--screenshot=" + png, "--window-size=1400,4000", report.toUri().toString());
        assertEquals(0, shot.exit(), shot.stderr());
        assertTrue(Files.size(png) > 20_000, "screenshot too small: " + Files.size(png));

        LayoutProbe.Result dom = chromium(profile, "--dump-dom", report.toUri().toString());
        assertEquals(0, dom.exit(), dom.stderr());
        assertTrue(dom.stdout().contains("Headline") && dom.stdout().contains("emulated data plane — not Istio"),
                "DOM lacks the report's content");
        for (LayoutProbe.Result r : List.of(shot, dom)) {
            for (String line : r.stderr().split("\n")) {
                assertFalse(line.contains("Uncaught") || line.contains("ERR_") || line.contains("CONSOLE")
                        || line.contains("Refused to"), "browser reported: " + line);
            }
        }
    }

    /**
     * The report must fit a 1280 px and a 1920 px wide window: no section and no page wider than its
     * box ({@link LayoutProbe}), for a synthetic four-mode run and for a real stored run (tiny, smoke).
     * Screenshots at both widths are kept in target/browser-report/. .ci/run probes its fresh smoke
     * run's report the same way.
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
        Path stored = out.resolve("results").resolve("gated-local");
        Files.createDirectories(stored);
        try (var files = Files.list(Path.of("src/test/resources/runs/gated-local"))) {
            for (Path f : files.toList()) Files.copy(f, stored.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        RunStore.render(stored);
        Path profile = Files.createTempDirectory("meshbench-chromium");
        for (Path report : List.of(runDir.resolve("report.html"), stored.resolve("report.html"))) {
            for (int width : LayoutProbe.WIDTHS) {
                assertEquals(List.of(), LayoutProbe.overflow(report, width, out, profile),
                        "horizontal overflow at " + width + " px in " + report);
                LayoutProbe.screenshot(report, width,
                        out.resolve(report.getParent().getFileName() + "-" + width + ".png"), profile);
            }
        }
    }

    private static LayoutProbe.Result chromium(Path profile, String... args) throws IOException, InterruptedException {
        return LayoutProbe.chromium(profile, args);
    }
}
