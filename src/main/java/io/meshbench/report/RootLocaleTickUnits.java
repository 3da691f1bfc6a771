package io.meshbench.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.axis.TickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JFreeChart's automatic tick units, with their labels in {@link Locale#ROOT} instead of the default
 * locale, so a chart (and with it report.html) is the same bytes on every machine. The steps are
 * JFreeChart's own ({@link NumberTickUnitSource}: 1, 2, 5 × 10^n); the label patterns are the ones
 * it uses per power of ten. Written here because JFreeChart's only locale-taking source,
 * {@code NumberAxis.createStandardTickUnits(Locale)}, labels every step with one general format and
 * so would change the labels, not only their locale.
 */
final class RootLocaleTickUnits implements TickUnitSource {
    private static final DecimalFormatSymbols ROOT = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private final NumberTickUnitSource steps;

    private RootLocaleTickUnits() {
        this.steps = new NumberTickUnitSource(false);
    }

    /**
     * Every number axis of the chart that still has JFreeChart's default tick units and no format of
     * its own gets these; an axis given its own units or format keeps them.
     */
    static void applyTo(JFreeChart chart) {
        for (Axis axis : numberAxes(chart.getPlot())) {
            if (axis instanceof NumberAxis n && n.getNumberFormatOverride() == null
                    && new NumberTickUnitSource(false).equals(n.getStandardTickUnits())) {
                n.setStandardTickUnits(new RootLocaleTickUnits());
            }
        }
    }

    private static List<Axis> numberAxes(Plot plot) {
        List<Axis> axes = new ArrayList<>();
        if (plot instanceof XYPlot xy) {
            for (int i = 0; i < xy.getDomainAxisCount(); i++) axes.add(xy.getDomainAxis(i));
            for (int i = 0; i < xy.getRangeAxisCount(); i++) axes.add(xy.getRangeAxis(i));
        } else if (plot instanceof CategoryPlot c) {
            for (int i = 0; i < c.getRangeAxisCount(); i++) axes.add(c.getRangeAxis(i));
        }
        return axes;
    }

    @Override
    public TickUnit getLargerTickUnit(TickUnit unit) {
        return rooted(steps.getLargerTickUnit(unit));
    }

    @Override
    public TickUnit getCeilingTickUnit(TickUnit unit) {
        return rooted(steps.getCeilingTickUnit(unit));
    }

    @Override
    public TickUnit getCeilingTickUnit(double size) {
        return rooted(steps.getCeilingTickUnit(size));
    }

    private static TickUnit rooted(TickUnit unit) {
        double size = unit.getSize();
        return new NumberTickUnit(size, labels((int) Math.floor(Math.log10(size) + 1e-9)), unit.getMinorTickCount());
    }

    /** NumberTickUnitSource's label pattern for steps of 10^power. */
    static NumberFormat labels(int power) {
        String pattern = switch (power) {
            case -4 -> "0.0000";
            case -3 -> "0.000";
            case -2 -> "0.00";
            case -1 -> "0.0";
            default -> power >= 0 && power <= 6 ? "#,##0" : "#.######E0";
        };
        return new DecimalFormat(pattern, ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootLocaleTickUnits r && r.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
