package io.meshbench.metrics.prometheus;

import java.util.List;

/**
 * The samples of one metric as one endpoint exposed it.
 *
 * @param name    the family name: the {@code # TYPE} name, or the sample name of an undeclared metric
 * @param type    UNTYPED when no {@code # TYPE} line declared it
 * @param help    the unescaped {@code # HELP} text, or "" when there was none
 * @param samples in exposition order; a histogram's {@code _bucket}, {@code _sum}, {@code _count},
 *                a summary's quantiles, {@code _sum} and {@code _count}, a counter's sample(s)
 */
public record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {

    public MetricFamily {
        samples = List.copyOf(samples);
    }

    /** Whether a sample with this exact name belongs to a family of this name and type. */
    static boolean owns(String familyName, MetricType type, String sampleName) {
        if (sampleName.equals(familyName)) return true;
        if (!sampleName.startsWith(familyName)) return false;
        // OpenMetrics writers (ztunnel's prometheus-client) declare counter "x" and write "x_total".
        return type.suffixes().contains(sampleName.substring(familyName.length()));
    }

    /** Whether this family exports (or, with no samples yet, declares) a sample of this name. */
    public boolean provides(String sampleOrFamilyName) {
        return name.equals(sampleOrFamilyName) || owns(name, type, sampleOrFamilyName)
                || samples.stream().anyMatch(s -> s.name().equals(sampleOrFamilyName));
    }

    public List<Sample> samplesNamed(String sampleName) {
        return samples.stream().filter(s -> s.name().equals(sampleName)).toList();
    }
}
