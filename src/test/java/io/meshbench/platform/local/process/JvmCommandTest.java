package io.meshbench.platform.local.process;

import io.meshbench.topology.Quantities;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The children's JVM flags take effect on this JDK. They are passed with
 * {@code -XX:+IgnoreUnrecognizedVMOptions} (so that a JVM without a diagnostic option still starts),
 * which would also swallow a misspelt or misplaced flag without a word: so each {@code -XX} flag is
 * checked against the JVM's own final flag table.
 */
class JvmCommandTest {

    private static final Pattern FLAG_LINE = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)");

    @Test
    void everyChildXxFlagHasTheValueItAsksForInTheJvm() throws Exception {
        List<String> flags = new ArrayList<>(JvmCommand.LEAN_FLAGS);
        flags.addAll(JvmCommand.SHARED_ARCHIVE_AT_BASE);
        Map<String, String> finalFlags = finalFlags(flags);
        for (String flag : flags) {
            if (!flag.startsWith("-XX:") || flag.contains("UnlockDiagnosticVMOptions")) continue;
            String body = flag.substring(4);
            String name;
            String expected;
            if (body.startsWith("+") || body.startsWith("-")) {
                name = body.substring(1);
                expected = String.valueOf(body.startsWith("+"));
            } else {
                name = body.substring(0, body.indexOf('='));
                expected = String.valueOf(Quantities.parseSize(body.substring(body.indexOf('=') + 1)));
            }
            assertTrue(finalFlags.containsKey(name), flag + " is not a flag of this JVM");
            assertEquals(expected, finalFlags.get(name), flag + " did not take effect");
        }
        assertEquals(String.valueOf(JvmCommand.QUIET_MILLIS), finalFlags.get("GuaranteedSafepointInterval"));
        assertEquals(String.valueOf(JvmCommand.QUIET_MILLIS), finalFlags.get("AsyncDeflationInterval"));
    }

    private static Map<String, String> finalFlags(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmCommand.javaExecutable().toString());
        cmd.addAll(flags);
        cmd.add("-XX:+PrintFlagsFinal");
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java -version did not finish");
        assertEquals(0, p.exitValue(), "the child flags do not start a JVM: " + out);
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = FLAG_LINE.matcher(line);
            if (m.find()) values.put(m.group(1), m.group(2));
        }
        return values;
    }
}
