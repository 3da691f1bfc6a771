package io.meshbench.analysis;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down adjustment of a family of p-values (the comparisons of one run; the rows of one
 * gate). Controls the chance of any false "significant" in the family at alpha without assuming the
 * tests are independent — the comparisons of a run share modes and so are not. Null entries (no
 * test) are not part of the family and stay null.
 */
public final class Holm {

    private Holm() {
    }

    public static Double[] adjust(Double[] p) {
        Integer[] order = java.util.stream.IntStream.range(0, p.length).filter(i -> p[i] != null).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        int m = order.length;
        Double[] out = new Double[p.length];
        double running = 0;
        for (int k = 0; k < m; k++) {
            double adjusted = Math.min(1.0, (m - k) * p[order[k]]);
            running = Math.max(running, adjusted);   // step-down: adjusted p never decreases with rank
            out[order[k]] = running;
        }
        return out;
    }

    public static double[] adjust(double[] p) {
        Double[] boxed = Arrays.stream(p).boxed().toArray(Double[]::new);
        return Arrays.stream(adjust(boxed)).mapToDouble(Double::doubleValue).toArray();
    }
}
