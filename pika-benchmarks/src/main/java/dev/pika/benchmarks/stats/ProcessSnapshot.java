package dev.pika.benchmarks.stats;

/**
 * What the JVM reports about its own process at one instant.
 *
 * <p>Immutable.
 *
 * @param wallNanos {@link System#nanoTime()} when taken
 * @param cpuNanos CPU time of the whole process (every thread, user and system), or -1 when not reported
 * @param allocatedBytes heap bytes allocated by all threads since the JVM started, or -1 when not reported
 * @param liveThreads live threads
 * @param heapUsedBytes heap in use
 * @param rssBytes resident set size, or -1 where {@code /proc/self/status} does not exist
 * @param gcCount collections so far, over all collectors
 * @param gcMillis time spent collecting so far, over all collectors
 */
public record ProcessSnapshot(
        long wallNanos,
        long cpuNanos,
        long allocatedBytes,
        int liveThreads,
        long heapUsedBytes,
        long rssBytes,
        long gcCount,
        long gcMillis) {}
