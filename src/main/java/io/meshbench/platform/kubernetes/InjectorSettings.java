package io.meshbench.platform.kubernetes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the load injectors run inside the cluster: how many pods, where, from which image.
 *
 * @param count        {@code -Dinjectors=N}, or null to size from the entry rate ({@link #countFor})
 * @param nodeSelector {@code -Dinjectors.nodeSelector=k=v,k2=v2}: labels a node must carry to take an
 *                     injector pod (checked against the cluster's nodes before anything is created)
 * @param image        {@code -Dinjectors.image}: the injector image ({@code mvn -Pinjector-image jib:build})
 * @param startDelay   {@code -Dinjectors.startDelay}: the pods' shared start time is the Job's creation plus
 *                     this; every pod must be running by then (image pulled, JVM up) or the phase fails
 * @param inCluster    {@code -Dinjectors.inCluster}: true (default) sends entry traffic from injector Jobs;
 *                     false sends it from this JVM through port-forwards (for a cluster without the image)
 */
public record InjectorSettings(Integer count, Map<String, String> nodeSelector, String image, Duration startDelay,
                               boolean inCluster) {

    /** One pod per started {@value} requests per second of entry traffic. */
    public static final int RPS_PER_INJECTOR = 500;
    /** The most injector pods one phase may ask for. */
    public static final int MAX_INJECTORS = 50;
    public static final String DEFAULT_IMAGE = "meshbench/injector:dev";
    public static final Duration DEFAULT_START_DELAY = Duration.ofSeconds(30);
    /** The -D options {@link #fromProperties} reads (the run's option registry, run.Options, lists them). */
    public static final java.util.Set<String> OPTIONS = java.util.Set.of("injectors", "injectors.nodeSelector",
            "injectors.image", "injectors.startDelay", "injectors.inCluster");

    public InjectorSettings {
        nodeSelector = Map.copyOf(nodeSelector);
    }

    /** Sized from the entry rate, no node selector, default image and start delay. */
    public static InjectorSettings defaults() {
        return new InjectorSettings(null, Map.of(), DEFAULT_IMAGE, DEFAULT_START_DELAY, true);
    }

    /**
     * The injector pods for a phase offering {@code entryRps} in total: {@code -Dinjectors} when
     * given, else one per started {@value #RPS_PER_INJECTOR} rps, at least 1 and at most
     * {@value #MAX_INJECTORS}. Each pod then carries {@code entryRps / N}.
     */
    public int countFor(double entryRps) {
        if (count != null) return count;
        int sized = (int) Math.ceil(entryRps / RPS_PER_INJECTOR);
        return Math.max(1, Math.min(MAX_INJECTORS, sized));
    }

    /** Reads the {@code injectors*} options; every malformed one is added to {@code problems}. */
    static InjectorSettings fromProperties(Properties props, List<String> problems,
                                           java.util.function.BiFunction<String, Duration, Duration> duration) {
        Integer count = null;
        String countText = props.getProperty("injectors");
        if (countText != null && !countText.isBlank()) {
            String t = countText.trim();
            try {
                int n = Integer.parseInt(t);
                if (n < 1) {
                    problems.add("-Dinjectors=" + t + " asks for no injector pods; use at least -Dinjectors=1, or leave it "
                            + "out to size it from the entry rate (one pod per " + RPS_PER_INJECTOR + " rps)");
                } else if (n > MAX_INJECTORS) {
                    problems.add("-Dinjectors=" + t + " is above the limit of " + MAX_INJECTORS + " injector pods; use at most -Dinjectors="
                            + MAX_INJECTORS + " (each pod can carry well over " + RPS_PER_INJECTOR + " rps)");
                } else {
                    count = n;
                }
            } catch (NumberFormatException e) {
                problems.add("-Dinjectors=" + t + " is not a whole number of pods; write e.g. -Dinjectors=3, or leave it out "
                        + "to size it from the entry rate");
            }
        }
        Map<String, String> selector = nodeSelector(props.getProperty("injectors.nodeSelector"), problems);
        String image = props.getProperty("injectors.image");
        image = image == null || image.isBlank() ? DEFAULT_IMAGE : image.trim();
        Duration startDelay = duration.apply("injectors.startDelay", DEFAULT_START_DELAY);
        if (startDelay.isNegative() || startDelay.isZero()) {
            problems.add("-Dinjectors.startDelay=" + props.getProperty("injectors.startDelay")
                    + " leaves the pods no time to start; give it e.g. 30s");
        }
        String inClusterText = props.getProperty("injectors.inCluster", "true").trim();
        if (!inClusterText.equalsIgnoreCase("true") && !inClusterText.equalsIgnoreCase("false")) {
            problems.add("-Dinjectors.inCluster=" + inClusterText + " is not true or false; leave it out (injectors in the "
                    + "cluster) or write -Dinjectors.inCluster=false to send from this machine through port-forwards");
        }
        return new InjectorSettings(count, selector, image, startDelay, !inClusterText.equalsIgnoreCase("false"));
    }

    private static Map<String, String> nodeSelector(String text, List<String> problems) {
        Map<String, String> selector = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return selector;
        for (String pair : text.split(",")) {
            String p = pair.trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).trim();
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            if (eq < 0 || !validKey(key) || !value.matches("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?")) {
                problems.add("-Dinjectors.nodeSelector=" + text + ": '" + p + "' is not a node label as key=value; write e.g. "
                        + "-Dinjectors.nodeSelector=meshbench.io/role=load (several separated by commas)");
            } else {
                selector.put(key, value);
            }
        }
        return selector;
    }

    private static boolean validKey(String key) {
        String name = key;
        int slash = key.lastIndexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !prefix.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) return false;
            name = key.substring(slash + 1);
        }
        return name.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    }
}
