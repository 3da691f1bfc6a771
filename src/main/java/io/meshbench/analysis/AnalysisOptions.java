package io.meshbench.analysis;

/**
 * Knobs of the statistics. The defaults are what every report uses unless a caller says otherwise;
 * the seed makes every bootstrap reproducible, so re-rendering a stored run gives the same numbers.
 *
 * @param nodeMemoryBytes       node size for services-per-node (docs/definitions.md: a parameter, default 16 GiB)
 * @param bootstrapResamples    resamples per confidence interval
 * @param seed                  seed of every random generator used in the analysis
 * @param maxTestSamples        cap on values drawn from one histogram for a Mann-Whitney test
 * @param minIntervals          fewest interval histograms a bootstrap over intervals needs
 * @param alpha                 significance level (p below it and a 95% CI excluding 0 → significant)
 * @param minAchievedRatio      achieved ÷ offered below this → saturated
 * @param maxErrorRatio         entry error ratio above this → saturated
 * @param assumedWorkloadMemoryBytes workload memory per pod used for services-per-node instead of the
 *                              measured one, when above 0: on the local target workloads share one JVM
 *                              and weigh a few KiB, so a realistic container size is assumed there
 */
public record AnalysisOptions(long nodeMemoryBytes, int bootstrapResamples, long seed, int maxTestSamples,
                              int minIntervals, double alpha, double minAchievedRatio, double maxErrorRatio,
                              long assumedWorkloadMemoryBytes) {

    public static final long GIB = 1024L * 1024 * 1024;

    public AnalysisOptions {
        if (nodeMemoryBytes <= 0) throw new IllegalArgumentException("nodeMemoryBytes must be > 0, was " + nodeMemoryBytes);
        if (bootstrapResamples < 100) throw new IllegalArgumentException("bootstrapResamples must be >= 100, was " + bootstrapResamples);
        if (maxTestSamples < 100) throw new IllegalArgumentException("maxTestSamples must be >= 100, was " + maxTestSamples);
        if (minIntervals < 2) throw new IllegalArgumentException("minIntervals must be >= 2, was " + minIntervals);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(16 * GIB, 1000, 20261126L, 20_000, 5, 0.05, 0.95, 0.01, 0);
    }

    public AnalysisOptions withBootstrapResamples(int resamples) {
        return new AnalysisOptions(nodeMemoryBytes, resamples, seed, maxTestSamples, minIntervals, alpha,
                minAchievedRatio, maxErrorRatio, assumedWorkloadMemoryBytes);
    }

    public AnalysisOptions withNodeMemoryBytes(long bytes) {
        return new AnalysisOptions(bytes, bootstrapResamples, seed, maxTestSamples, minIntervals, alpha,
                minAchievedRatio, maxErrorRatio, assumedWorkloadMemoryBytes);
    }

    public AnalysisOptions withAssumedWorkloadMemoryBytes(long bytes) {
        return new AnalysisOptions(nodeMemoryBytes, bootstrapResamples, seed, maxTestSamples, minIntervals, alpha,
                minAchievedRatio, maxErrorRatio, bytes);
    }
}
