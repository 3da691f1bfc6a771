package io.meshbench.platform.local.mesh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums the samples of one metric whose labels contain every given name="value" pair. */
final class PromScan {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");

    private PromScan() {
    }

    static double sum(String text, String metric, String... labelPairs) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(metric)) continue;
            String labels = m.group(3) == null ? "" : m.group(3);
            boolean all = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                if (!labels.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) all = false;
            }
            if (all) total += Double.parseDouble(m.group(4));
        }
        return total;
    }
}
