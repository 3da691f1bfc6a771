package io.meshbench.run;

import io.meshbench.platform.local.mesh.UpstreamExchange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's "no answer within N s" names the timeout gatling.conf really sets, above the proxies' own. */
class GatlingRequestTimeoutTest {

    @Test
    void gatlingConfSetsTheTimeoutTheConsoleNames() throws Exception {
        String conf = Files.readString(Path.of("src/test/resources/gatling.conf"));
        Matcher m = Pattern.compile("(?m)^\\s*gatling\\.http\\.requestTimeout\\s*=\\s*(\\d+)").matcher(conf);
        assertTrue(m.find(), "gatling.conf sets gatling.http.requestTimeout");
        assertEquals(RunSession.GATLING_REQUEST_TIMEOUT.toMillis(), Long.parseLong(m.group(1)));
        assertTrue(RunSession.GATLING_REQUEST_TIMEOUT.compareTo(UpstreamExchange.RESPONSE_TIMEOUT) > 0,
                "the proxies' 504 arrives before Gatling gives up");
    }
}
