package io.meshbench.platform.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a deployment's proxy warm-ups did, from each proxy's answer
 * ({@code requests=… ok=… cpu_ms=… first_tenth_cpu_us_per_call=… last_tenth_cpu_us_per_call=… wall_ms=…}):
 * how many proxies, calls and answers, the CPU they took, and the median proxy's CPU per call in
 * the first and the last tenth of its calls — the drop is the JIT compiling the request path.
 */
record ProxyWarmUps(int proxies, long calls, long answered, long cpuMillis, double firstTenthP50Micros,
                    double lastTenthP50Micros, Duration took) {

    static ProxyWarmUps of(Collection<String> replies, Duration took) {
        long calls = 0;
        long answered = 0;
        long cpu = 0;
        List<Double> first = new ArrayList<>();
        List<Double> last = new ArrayList<>();
        int proxies = 0;
        for (String reply : replies) {
            if (reply == null) continue;
            Map<String, Long> f = fields(reply);
            proxies++;
            calls += f.getOrDefault("requests", 0L);
            answered += f.getOrDefault("ok", 0L);
            cpu += Math.max(0, f.getOrDefault("cpu_ms", 0L));
            long a = f.getOrDefault("first_tenth_cpu_us_per_call", -1L);
            long b = f.getOrDefault("last_tenth_cpu_us_per_call", -1L);
            if (a >= 0) first.add((double) a);
            if (b >= 0) last.add((double) b);
        }
        return new ProxyWarmUps(proxies, calls, answered, cpu, median(first), median(last), took);
    }

    /** One console line. */
    String describe() {
        String perCall = Double.isNaN(firstTenthP50Micros) || Double.isNaN(lastTenthP50Micros) ? ""
                : String.format(Locale.ROOT, "; the median proxy's CPU per call fell from %.0f µs (first tenth) to %.0f µs (last tenth)",
                firstTenthP50Micros, lastTenthP50Micros);
        String failed = answered < calls ? String.format(Locale.ROOT, " (%d not answered 200)", calls - answered) : "";
        return String.format(Locale.ROOT, "%d proxy processes warmed in %.1f s: %d calls through a twin of each%s, %.1f CPU-s%s",
                proxies, took.toMillis() / 1e3, calls, failed, cpuMillis / 1e3, perCall);
    }

    static Map<String, Long> fields(String reply) {
        Map<String, Long> out = new HashMap<>();
        for (String part : reply.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            } catch (NumberFormatException e) {
                // a field this summary does not read
            }
        }
        return out;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
