package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.ModeResult;
import io.meshbench.analysis.TimelinePoint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-second latency chart of the measured window starts at 0 s. The stored run is a real one
 * (tiny, smoke): its workloads cut intervals on whole wall-clock seconds, so each repetition's first
 * interval began up to a second before its window (it was drawn at −0.99 s and the axis began at −1).
 */
class TimelineChartTest {

    private static final Path STORED_RUN = Path.of("src/test/resources/runs/gated-local");

    @Test
    void timelinePointsOfARealRunStartAtTheWindowNotBeforeIt() {
        AnalysedRun run = RunStore.reanalyse(STORED_RUN);
        for (ModeResult m : run.modes().values()) {
            assertTrue(m.timeline().size() > 3, m.mode() + ": " + m.timeline());
            for (int rep : m.timeline().stream().mapToInt(TimelinePoint::repetition).distinct().toArray()) {
                double first = m.timeline().stream().filter(p -> p.repetition() == rep)
                        .mapToDouble(TimelinePoint::seconds).min().orElseThrow();
                assertEquals(0.0, first, 1e-9, m.mode() + " r" + rep + ": its first interval holds the window's first calls");
            }
            // the later intervals keep their real offsets (whole seconds plus the window's phase)
            assertTrue(m.timeline().stream().anyMatch(p -> p.seconds() > 0.5 && p.seconds() % 1 > 0.001),
                    m.mode() + ": " + m.timeline());
        }
    }

    @Test
    void theChartsXAxisBeginsAtZero() {
        JFreeChart chart = Charts.timelineChart(RunStore.reanalyse(STORED_RUN));
        assertNotNull(chart);
        XYDataset data = chart.getXYPlot().getDataset();
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                minX = Math.min(minX, data.getXValue(s, i));
                maxX = Math.max(maxX, data.getXValue(s, i));
            }
        }
        assertEquals(0.0, minX, 1e-9, "first point");
        ValueAxis x = chart.getXYPlot().getDomainAxis();
        assertEquals(0.0, x.getLowerBound(), 1e-9, "x axis lower bound");
        assertTrue(x.getUpperBound() >= maxX, "x axis ends after the last point: " + x.getUpperBound() + " < " + maxX);
    }
}
