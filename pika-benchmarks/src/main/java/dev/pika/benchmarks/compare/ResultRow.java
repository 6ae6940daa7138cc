package dev.pika.benchmarks.compare;

/**
 * One line of the comparison table: a scenario with a client, each figure the median over its successful runs
 * (NaN where it does not apply or no run succeeded).
 *
 * <p>Immutable.
 *
 * @param scenario the scenario name
 * @param client the client name
 * @param succeededRuns runs that produced a result
 * @param totalRuns runs attempted
 * @param throughput messages per second
 * @param p50Micros median consumer latency
 * @param p95Micros 95th percentile consumer latency
 * @param p99Micros 99th percentile consumer latency
 * @param cpuSecondsPerMillion process CPU seconds per million messages
 * @param bytesPerMessage heap bytes allocated per message
 * @param peakThreads most live threads
 * @param peakHeapMebibytes most heap in use
 * @param peakRssMebibytes largest resident set
 * @param throughputRatio throughput relative to amqp-client's in the same scenario
 * @param cpuRatio CPU per message relative to amqp-client's in the same scenario
 * @param failure the first failure's reason when no run succeeded, else {@code null}
 */
public record ResultRow(
        String scenario,
        String client,
        int succeededRuns,
        int totalRuns,
        double throughput,
        double p50Micros,
        double p95Micros,
        double p99Micros,
        double cpuSecondsPerMillion,
        double bytesPerMessage,
        double peakThreads,
        double peakHeapMebibytes,
        double peakRssMebibytes,
        double throughputRatio,
        double cpuRatio,
        String failure) {}
