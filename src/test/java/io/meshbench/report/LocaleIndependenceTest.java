package io.meshbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshbench.analysis.AnalysisOptions;
import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored results and reports do not depend on the machine's default locale: the same run written and
 * re-rendered (as {@code ReportTool render} does) under a locale with a decimal comma comes out byte
 * for byte the same. The run has a saturated mode, so formatted warnings are part of what is compared.
 */
class LocaleIndependenceTest {
    private final Locale original = Locale.getDefault();

    @TempDir
    Path results;

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(original);
    }

    @Test
    void theSameRunGivesTheSameBytesUnderAnotherDefaultLocale() throws Exception {
        RunRecord record = SyntheticRun.record("locale", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2),
                SyntheticRun.ambient(3).withAchieved(61.25)), 2, 200);
        AnalysisOptions options = AnalysisOptions.defaults().withPermutationSamples(1000);

        Locale.setDefault(Locale.ROOT);
        Path root = results.resolve("root").resolve("locale");
        RunStore.write(root, record, options);
        byte[] json = Files.readAllBytes(root.resolve(ResultsJson.FILE));
        byte[] html = Files.readAllBytes(root.resolve(HtmlReport.FILE));
        assertTrue(new String(json, StandardCharsets.UTF_8).contains("saturated"),
                "the run should carry a saturation warning, so formatted numbers are compared");

        Locale.setDefault(Locale.GERMANY);
        Path german = results.resolve("german").resolve("locale");
        RunStore.write(german, record, options);
        assertArrayEquals(json, Files.readAllBytes(german.resolve(ResultsJson.FILE)), "results.json written under de-DE");
        assertArrayEquals(html, Files.readAllBytes(german.resolve(HtmlReport.FILE)), "report.html written under de-DE");

        RunStore.render(root);
        assertArrayEquals(html, Files.readAllBytes(root.resolve(HtmlReport.FILE)), "report.html re-rendered under de-DE");
    }
}
