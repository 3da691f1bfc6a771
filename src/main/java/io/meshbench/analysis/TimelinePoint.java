package io.meshbench.analysis;

/** One interval histogram of one repetition: seconds from its window start, calls, p50/p99 in µs. */
public record TimelinePoint(int repetition, double seconds, long count, Long p50, Long p99) {
}
