package io.meshbench.load;

import io.gatling.core.controller.inject.open.ConstantRateOpenInjection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scala.concurrent.duration.FiniteDuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The timetable the injector's lag is measured against is the one Gatling itself follows. */
class InjectionTimetableTest {

    @ParameterizedTest
    @CsvSource({"21.1, 20", "20, 4", "0.7, 10", "333.3, 7", "1000, 2", "2.5, 3", "1, 1"})
    void everyUserIsDueWhenGatlingStartsIt(double rate, long seconds) {
        List<Long> gatling = gatlingStartMillis(rate, seconds);
        InjectionTimetable ours = InjectionTimetable.constantRate(rate, Duration.ofSeconds(seconds));
        assertEquals(gatling.size(), ours.users(), "users");
        for (int k = 0; k < gatling.size(); k++) {
            assertEquals(gatling.get(k), ours.dueMillis(k), "user " + k + " of " + rate + " rps for " + seconds + " s");
        }
        assertEquals(-1, ours.dueMillis(gatling.size()), "past the end");
    }

    /** Start offsets (ms) that Gatling's own injection step produces. */
    private static List<Long> gatlingStartMillis(double rate, long seconds) {
        ConstantRateOpenInjection step = new ConstantRateOpenInjection(rate, FiniteDuration.apply(seconds, TimeUnit.SECONDS));
        scala.collection.Iterator<FiniteDuration> starts = step.chain(scala.collection.Iterator$.MODULE$.empty());
        List<Long> millis = new ArrayList<>();
        while (starts.hasNext()) millis.add(starts.next().toMillis());
        return millis;
    }
}
