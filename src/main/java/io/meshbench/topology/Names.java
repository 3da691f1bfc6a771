package io.meshbench.topology;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" suggestions for misspelt service names and keys. */
public final class Names {

    private Names() {
    }

    /** The candidate nearest to {@code word} by edit distance, if it is close enough to be a typo. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // A third of the letters may be wrong, at least one; never every letter ('b' is not a typo of 'a').
        int tolerated = Math.min(Math.max(1, word.length() / 3), word.length() - 1);
        return best != null && bestDistance <= tolerated ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance; inputs are short names, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
