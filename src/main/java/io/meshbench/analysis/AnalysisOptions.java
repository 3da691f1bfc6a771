package io.meshbench.analysis;

/**
 * Knobs of the statistics. The defaults are what every report uses unless a caller says otherwise;
 * the seed makes every random draw reproducible, so re-rendering a stored run gives the same numbers.
 *
 * @param nodeMemoryBytes       node size for services-per-node (a parameter, default 16 GiB)
 * @param permutationSamples    random splits of a permutation test when enumerating all splits is too many
 * @param seed                  seed of every random generator used in the analysis
 * @param alpha                 family-wise significance level (Holm-adjusted p below it → significant)
 * @param minAchievedRatio      achieved ÷ offered below this → saturated
 * @param maxErrorRatio         entry error ratio above this → saturated
 * @param assumedWorkloadMemoryBytes workload memory per pod used for services-per-node instead of the
 *                              measured one, when above 0: on the local target workloads share a process
 *                              (the harness JVM or a workload host per node), so a realistic container
 *                              size is assumed there
 */
public record AnalysisOptions(long nodeMemoryBytes, int permutationSamples, long seed, double alpha,
                              double minAchievedRatio, double maxErrorRatio, long assumedWorkloadMemoryBytes) {

    public static final long GIB = 1024L * 1024 * 1024;

    public AnalysisOptions {
        if (nodeMemoryBytes <= 0) throw new IllegalArgumentException("nodeMemoryBytes must be > 0, was " + nodeMemoryBytes);
        if (permutationSamples < 100) throw new IllegalArgumentException("permutationSamples must be >= 100, was " + permutationSamples);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(16 * GIB, 10_000, 20261126L, 0.05, 0.95, 0.01, 0);
    }

    public AnalysisOptions withPermutationSamples(int samples) {
        return new AnalysisOptions(nodeMemoryBytes, samples, seed, alpha, minAchievedRatio, maxErrorRatio, assumedWorkloadMemoryBytes);
    }

    public AnalysisOptions withNodeMemoryBytes(long bytes) {
        return new AnalysisOptions(bytes, permutationSamples, seed, alpha, minAchievedRatio, maxErrorRatio, assumedWorkloadMemoryBytes);
    }

    public AnalysisOptions withAssumedWorkloadMemoryBytes(long bytes) {
        return new AnalysisOptions(nodeMemoryBytes, permutationSamples, seed, alpha, minAchievedRatio, maxErrorRatio, bytes);
    }

    /** Entry error ratio above which a mode counts as saturated (1 turns the rule off). */
    public AnalysisOptions withMaxErrorRatio(double ratio) {
        return new AnalysisOptions(nodeMemoryBytes, permutationSamples, seed, alpha, minAchievedRatio, ratio, assumedWorkloadMemoryBytes);
    }

    public AnalysisOptions withSeed(long s) {
        return new AnalysisOptions(nodeMemoryBytes, permutationSamples, s, alpha, minAchievedRatio, maxErrorRatio, assumedWorkloadMemoryBytes);
    }
}
