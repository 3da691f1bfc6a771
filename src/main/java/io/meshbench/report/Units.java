package io.meshbench.report;

import java.util.Locale;

/** Human units for the report: MiB/GiB, µs/ms/s, millicores, rps, percentages. Null → "—". */
public final class Units {

    public static final String NONE = "—";

    private Units() {
    }

    public static String bytes(Double b) {
        if (b == null || !Double.isFinite(b)) return NONE;
        double abs = Math.abs(b);
        // three significant digits below 10 of a unit too (1.15 → 1.55 MiB, not 1.1 → 1.6 MiB beside "+35%")
        if (abs >= 1024.0 * 1024 * 1024) return f("%.2f GiB", b / (1024.0 * 1024 * 1024));
        if (abs >= 1024.0 * 1024) return f(abs >= 10 * 1024.0 * 1024 ? "%.1f MiB" : "%.2f MiB", b / (1024.0 * 1024));
        if (abs >= 1024.0) return f(abs >= 10 * 1024.0 ? "%.1f KiB" : "%.2f KiB", b / 1024.0);
        return f("%.0f B", b);
    }

    public static String micros(Double us) {
        if (us == null || !Double.isFinite(us)) return NONE;
        double abs = Math.abs(us);
        if (abs >= 1_000_000) return f("%.2f s", us / 1_000_000);
        if (abs >= 10_000) return f("%.1f ms", us / 1000);
        if (abs >= 1000) return f("%.2f ms", us / 1000);
        return f("%.0f µs", us);
    }

    public static String micros(Long us) {
        return us == null ? NONE : micros(us.doubleValue());
    }

    public static String millis(Double ms) {
        return ms == null || !Double.isFinite(ms) ? NONE : micros(ms * 1000);
    }

    public static String mcores(Double m) {
        if (m == null || !Double.isFinite(m)) return NONE;
        double abs = Math.abs(m);
        if (abs == 0) return "0 m";
        if (abs >= 100) return f("%.0f m", m);
        if (abs >= 1) return f("%.1f m", m);
        if (abs >= 0.01) return f("%.2f m", m);
        return "< 0.01 m";   // below what a per-pod CPU time over seconds can resolve
    }

    public static String rps(Double r) {
        return r == null || !Double.isFinite(r) ? NONE : f("%,.1f rps", r);
    }

    public static String count(Long n) {
        return n == null ? NONE : f("%,d", n);
    }

    public static String ratioPct(Double ratio) {
        return ratio == null || !Double.isFinite(ratio) ? NONE : f("%.2f%%", ratio * 100);
    }

    public static String signedPct(Double pct) {
        return pct == null || !Double.isFinite(pct) ? NONE : f("%+.1f%%", pct);
    }

    public static String pValue(Double p) {
        if (p == null) return NONE;
        return p < 0.001 ? "<0.001" : f("%.3f", p);
    }

    /**
     * A number for people, to 3 significant digits without trailing zeros (1.725674773016123 →
     * "1.73", 20.0 → "20", 123456.7 → "123,457").
     */
    public static String plain(double v) {
        if (!Double.isFinite(v)) return NONE;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return f("%,d", (long) v);
        if (Math.abs(v) >= 100) return f("%,.0f", v);
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(3));
        return d.stripTrailingZeros().toPlainString();
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
