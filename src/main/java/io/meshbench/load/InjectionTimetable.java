package io.meshbench.load;

import java.time.Duration;

/**
 * When Gatling's {@code constantUsersPerSec(rate).during(duration)} starts each user, so that the
 * injector's lag is measured against the timetable Gatling really follows, not an idealised one.
 *
 * <p>Gatling does not start user k at k / rate. It starts {@code round(rate × whole seconds)} users,
 * shares them out over the whole seconds (second s ends with {@code ceil(users / seconds × (s+1))}
 * users started, the last second with all of them), and within a second shares that second's n users
 * over its 1000 milliseconds the same way, at whole milliseconds. With a rate that is not a whole
 * number (21.1 rps: seconds of 21 and of 22 users) that timetable runs up to one inter-arrival ahead
 * of and behind k / rate; measuring against k / rate reported that drift as lag and marked almost
 * every window "behind" although Gatling sent every request on time.
 *
 * @param users   users the step starts
 * @param seconds whole seconds the step lasts (Gatling drops a fraction of a second)
 */
public record InjectionTimetable(long users, int seconds) {
    private static final int MILLIS_PER_SECOND = 1000;

    /** The timetable of {@code constantUsersPerSec(rate).during(duration)}, computed as Gatling 3 computes it. */
    public static InjectionTimetable constantRate(double rate, Duration duration) {
        long wholeSeconds = duration.toSeconds();
        return new InjectionTimetable(Math.round(wholeSeconds * rate), (int) Math.min(Integer.MAX_VALUE, wholeSeconds));
    }

    /**
     * Milliseconds after the step starts at which user k (from 0) is due, or -1 when the timetable
     * has no user k (past its end, or an empty step).
     */
    public long dueMillis(long k) {
        if (k < 0 || k >= users || seconds <= 0) return -1;
        int second = bucketOf(k, users, seconds);
        long before = cumulative(users, seconds, second - 1);
        int inSecond = (int) (cumulative(users, seconds, second) - before);
        int milli = bucketOf(k - before, inSecond, MILLIS_PER_SECOND);
        return (long) second * MILLIS_PER_SECOND + milli;
    }

    /** The bucket (0 … buckets-1) whose share of {@code total} holds item {@code index}. */
    private static int bucketOf(long index, long total, int buckets) {
        // Start from the proportional guess and step to the exact bucket: the guess is off by at most one.
        int b = (int) Math.min(buckets - 1, Math.max(0, index * buckets / total));
        while (b > 0 && cumulative(total, buckets, b - 1) > index) b--;
        while (b < buckets - 1 && cumulative(total, buckets, b) <= index) b++;
        return b;
    }

    /** Items in buckets 0 … i together: Gatling's {@code Shard.sumFromZero}, in its floating-point arithmetic. */
    private static long cumulative(long total, int buckets, int i) {
        if (i < 0) return 0;
        if (i >= buckets - 1) return total;
        return (long) Math.ceil((double) total / buckets * (i + 1));
    }
}
