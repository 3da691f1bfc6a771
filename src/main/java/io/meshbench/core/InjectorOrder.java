package io.meshbench.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one in-cluster injector pod is asked to do, passed as its environment: the harness (the
 * Kubernetes target) writes it, the pod's program (the load stage) reads it. Every pod of a phase
 * gets the same order; each carries {@code ratePerInjector}, 1/N of the phase's rate.
 *
 * @param requestNames    Gatling request name per entry point, in the order of {@code urls}
 * @param urls            entry Service URLs inside the cluster; requests go round-robin over them
 * @param ratePerInjector open-model arrivals per second this pod sends
 * @param duration        how long it injects
 * @param startAtEpochMillis the shared start: every pod waits for this wall-clock time
 * @param phase           the value of the workload's phase header on every request
 * @param quitSidecar     after the results are printed, ask an Istio sidecar to exit (a Job's pod
 *                        completes only when every container has)
 */
public record InjectorOrder(List<String> requestNames, List<URI> urls, double ratePerInjector, Duration duration,
                            long startAtEpochMillis, String phase, boolean quitSidecar) {

    public static final String NAMES = "MESHBENCH_REQUEST_NAMES";
    public static final String URLS = "MESHBENCH_URLS";
    public static final String RATE = "MESHBENCH_RATE";
    public static final String DURATION_MS = "MESHBENCH_DURATION_MS";
    public static final String START_AT_MS = "MESHBENCH_START_AT_MS";
    public static final String PHASE = "MESHBENCH_PHASE";
    public static final String QUIT_SIDECAR = "MESHBENCH_QUIT_SIDECAR";
    /** Request names may hold spaces ("ambient frontend"), never this. */
    private static final String NAME_SEPARATOR = "|";

    public InjectorOrder {
        requestNames = List.copyOf(requestNames);
        urls = List.copyOf(urls);
        if (urls.isEmpty() || urls.size() != requestNames.size()) {
            throw new IllegalArgumentException("an injector needs one request name per URL, and at least one URL; got "
                    + requestNames.size() + " names for " + urls.size() + " URLs");
        }
        if (!(ratePerInjector > 0)) throw new IllegalArgumentException("an injector's rate must be above 0, not " + ratePerInjector);
    }

    public Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(NAMES, String.join(NAME_SEPARATOR, requestNames));
        env.put(URLS, String.join(" ", urls.stream().map(URI::toString).toList()));
        env.put(RATE, Double.toString(ratePerInjector));
        env.put(DURATION_MS, Long.toString(duration.toMillis()));
        env.put(START_AT_MS, Long.toString(startAtEpochMillis));
        env.put(PHASE, phase);
        env.put(QUIT_SIDECAR, Boolean.toString(quitSidecar));
        return env;
    }

    /** Reads the order back; a missing or malformed variable is named with what it should hold. */
    public static InjectorOrder fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String names = required(env, NAMES, problems);
        String urlText = required(env, URLS, problems);
        double rate = number(env, RATE, problems);
        double durationMs = number(env, DURATION_MS, problems);
        double startAt = number(env, START_AT_MS, problems);
        String phase = required(env, PHASE, problems);
        List<URI> urls = new ArrayList<>();
        if (urlText != null) {
            for (String u : urlText.trim().split(" +")) {
                try {
                    urls.add(new URI(u));
                } catch (URISyntaxException e) {
                    problems.add(URLS + " holds '" + u + "', not a URL");
                }
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        List<String> nameList = List.of(names.split(java.util.regex.Pattern.quote(NAME_SEPARATOR), -1));
        return new InjectorOrder(nameList, urls, rate, Duration.ofMillis((long) durationMs), (long) startAt, phase,
                Boolean.parseBoolean(env.getOrDefault(QUIT_SIDECAR, "false")));
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            problems.add(String.format(Locale.ROOT, "environment variable %s is not set", name));
            return null;
        }
        return v;
    }

    private static double number(Map<String, String> env, String name, List<String> problems) {
        String v = required(env, name, problems);
        if (v == null) return 0;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            problems.add(name + "=" + v + " is not a number");
            return 0;
        }
    }
}
