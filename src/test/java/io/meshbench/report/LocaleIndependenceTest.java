package io.meshbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.AnalysisOptions;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored results and reports do not depend on the machine's default locale: the same run written and
 * re-rendered (as {@code ReportTool render} does) under a locale with a decimal comma comes out byte
 * for byte the same. The run has a saturated mode, so formatted warnings are part of what is compared.
 *
 * <p>And a stored run, rewritten, gives back its results.json byte for byte. The fixture
 * ({@code src/test/resources/runs/gated-local}) is a real run, {@code -Dtopology=tiny -Dscenario=smoke},
 * three modes and three repetitions, gated against itself, as the field-by-field writer stored it
 * before results.json moved to data binding: the same bytes from the records show the move changed
 * nothing, and reading it shows an older file still reads.
 */
class LocaleIndependenceTest {
    private static final Path STORED_RUN = Path.of("src/test/resources/runs/gated-local");
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

    @Test
    void aStoredRunRewrittenUnderEitherLocaleGivesItsBytes() throws Exception {
        byte[] stored = Files.readAllBytes(STORED_RUN.resolve(ResultsJson.FILE));
        for (Locale locale : List.of(Locale.ROOT, Locale.GERMANY)) {
            Locale.setDefault(locale);
            Path run = copyStoredRun(results.resolve(locale.toLanguageTag()).resolve("gated-local"));
            AnalysedRun analysed = RunStore.reanalyse(run);
            GateResult gate = ResultsJson.readGate(run);
            assertNotNull(gate, "the fixture is a gated run");
            assertEquals(List.of("ambient", "baseline", "sidecar"), analysed.modes().keySet().stream().sorted().toList());
            ResultsJson.write(run, analysed, gate);
            assertArrayEquals(stored, Files.readAllBytes(run.resolve(ResultsJson.FILE)),
                    "results.json rewritten under " + locale.toLanguageTag());
        }
    }

    private static Path copyStoredRun(Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(STORED_RUN)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
