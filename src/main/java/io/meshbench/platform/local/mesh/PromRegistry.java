package io.meshbench.platform.local.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A proxy's own metrics, written in the Prometheus text format (0.0.4) under exactly the names
 * Istio's proxies use. Small on purpose: counters, histograms and gauges with label sets, no
 * "_created" series (simpleclient would add them, real proxies do not).
 */
public final class PromRegistry {

    private final Map<String, Family> families = new LinkedHashMap<>();

    public synchronized Counter counter(String name, String help, String... labelNames) {
        return (Counter) families.computeIfAbsent(name, n -> new Counter(n, help, labelNames));
    }

    public synchronized Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return (Histogram) families.computeIfAbsent(name, n -> new Histogram(n, help, buckets, labelNames));
    }

    public synchronized void gauge(String name, String help, DoubleSupplier value) {
        families.put(name, new Gauge(name, help, value));
    }

    /** The exposition text. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        List<Family> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(families.values());
        }
        for (Family f : snapshot) f.render(out);
        return out.toString();
    }

    private abstract static class Family {
        final String name;
        final String help;
        final String type;

        Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        void render(StringBuilder out) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            renderSamples(out);
        }

        abstract void renderSamples(StringBuilder out);
    }

    /** A label set in declaration order, used as a map key. */
    private record Labels(List<String> values) {
        String format(String[] names, String extraName, String extraValue) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < names.length; i++) {
                b.append(b.isEmpty() ? "{" : ",").append(names[i]).append("=\"").append(escape(values.get(i))).append('"');
            }
            if (extraName != null) b.append(b.isEmpty() ? "{" : ",").append(extraName).append("=\"").append(extraValue).append('"');
            if (!b.isEmpty()) b.append('}');
            return b.toString();
        }

        static Labels of(String[] names, String[] values) {
            if (values.length != names.length) {
                throw new IllegalArgumentException("expected labels " + Arrays.toString(names) + ", got " + Arrays.toString(values));
            }
            return new Labels(List.of(values));
        }

        private static String escape(String v) {
            return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }
    }

    public static final class Counter extends Family {
        private final String[] labelNames;
        private final Map<Labels, DoubleAdder> values = new ConcurrentHashMap<>();

        Counter(String name, String help, String[] labelNames) {
            super(name, help, "counter");
            this.labelNames = labelNames;
        }

        public void inc(double amount, String... labelValues) {
            values.computeIfAbsent(Labels.of(labelNames, labelValues), k -> new DoubleAdder()).add(amount);
        }

        /** The current value for one label set (0 if never incremented). */
        public double get(String... labelValues) {
            DoubleAdder a = values.get(Labels.of(labelNames, labelValues));
            return a == null ? 0 : a.sum();
        }

        @Override
        void renderSamples(StringBuilder out) {
            values.forEach((labels, v) -> out.append(name).append(labels.format(labelNames, null, null))
                    .append(' ').append(format(v.sum())).append('\n'));
        }
    }

    public static final class Histogram extends Family {
        private final String[] labelNames;
        private final double[] bounds;
        private final Map<Labels, Series> series = new ConcurrentHashMap<>();

        Histogram(String name, String help, double[] bounds, String[] labelNames) {
            super(name, help, "histogram");
            this.bounds = bounds.clone();
            this.labelNames = labelNames;
        }

        public void observe(double value, String... labelValues) {
            Series s = series.computeIfAbsent(Labels.of(labelNames, labelValues), k -> new Series(bounds.length));
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    s.buckets[i].increment();
                    break;
                }
            }
            s.count.increment();
            s.sum.add(value);
        }

        @Override
        void renderSamples(StringBuilder out) {
            series.forEach((labels, s) -> {
                long cumulative = 0;
                for (int i = 0; i < bounds.length; i++) {
                    cumulative += s.buckets[i].sum();
                    out.append(name).append("_bucket").append(labels.format(labelNames, "le", format(bounds[i])))
                            .append(' ').append(cumulative).append('\n');
                }
                long count = s.count.sum();
                out.append(name).append("_bucket").append(labels.format(labelNames, "le", "+Inf")).append(' ').append(count).append('\n');
                out.append(name).append("_sum").append(labels.format(labelNames, null, null)).append(' ').append(format(s.sum.sum())).append('\n');
                out.append(name).append("_count").append(labels.format(labelNames, null, null)).append(' ').append(count).append('\n');
            });
        }

        private static final class Series {
            final LongAdder[] buckets;
            final LongAdder count = new LongAdder();
            final DoubleAdder sum = new DoubleAdder();

            Series(int n) {
                buckets = new LongAdder[n];
                for (int i = 0; i < n; i++) buckets[i] = new LongAdder();
            }
        }
    }

    private static final class Gauge extends Family {
        private final DoubleSupplier value;

        Gauge(String name, String help, DoubleSupplier value) {
            super(name, help, "gauge");
            this.value = value;
        }

        @Override
        void renderSamples(StringBuilder out) {
            out.append(name).append(' ').append(format(value.getAsDouble())).append('\n');
        }
    }

    static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
