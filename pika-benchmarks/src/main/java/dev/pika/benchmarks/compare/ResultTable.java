package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.driver.KnownClient;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.stats.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Turns run outcomes into table rows: per scenario and client, the median of each figure over the successful runs,
 * and the ratios of throughput and CPU per message to {@value KnownClient#BASELINE}'s medians in the same scenario.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultTable {

    private static final double MEBIBYTE = 1024.0 * 1024.0;

    private ResultTable() {}

    /**
     * Builds the rows.
     *
     * @param scenarios scenario names in table order
     * @param clients client names in table order
     * @param outcomes every run's outcome
     * @return one row per scenario and client that was run, scenario-major
     */
    public static List<ResultRow> rows(List<String> scenarios, List<String> clients, List<RunOutcome> outcomes) {
        List<ResultRow> rows = new ArrayList<>();
        for (String scenario : scenarios) {
            List<ResultRow> group = new ArrayList<>();
            for (String client : clients) {
                List<RunOutcome> runs = outcomes.stream()
                        .filter(o -> o.request().scenario().name().equals(scenario)
                                && o.request().client().equals(client))
                        .toList();
                if (!runs.isEmpty()) {
                    group.add(row(scenario, client, runs));
                }
            }
            ResultRow baseline = group.stream()
                    .filter(r -> r.client().equals(KnownClient.BASELINE))
                    .findFirst()
                    .orElse(null);
            for (ResultRow row : group) {
                rows.add(withRatios(row, baseline));
            }
        }
        return rows;
    }

    private static ResultRow row(String scenario, String client, List<RunOutcome> runs) {
        List<RunResult> results =
                runs.stream().map(RunOutcome::result).filter(r -> r != null).toList();
        String failure = results.isEmpty() ? runs.get(0).failure() : null;
        return new ResultRow(
                scenario,
                client,
                results.size(),
                runs.size(),
                median(results, RunResult::throughput),
                median(results, r -> r.latency().medianMicros()),
                median(results, r -> r.latency().p95Micros()),
                median(results, r -> r.latency().p99Micros()),
                median(results, RunResult::cpuSecondsPerMillionMessages),
                median(results, RunResult::allocatedBytesPerMessage),
                median(results, RunResult::peakThreads),
                median(results, r -> r.peakHeapBytes() / MEBIBYTE),
                median(results, r -> r.peakRssBytes() < 0 ? Double.NaN : r.peakRssBytes() / MEBIBYTE),
                Double.NaN,
                Double.NaN,
                failure);
    }

    private static ResultRow withRatios(ResultRow row, ResultRow baseline) {
        if (baseline == null) {
            return row;
        }
        return new ResultRow(
                row.scenario(),
                row.client(),
                row.succeededRuns(),
                row.totalRuns(),
                row.throughput(),
                row.p50Micros(),
                row.p95Micros(),
                row.p99Micros(),
                row.cpuSecondsPerMillion(),
                row.bytesPerMessage(),
                row.peakThreads(),
                row.peakHeapMebibytes(),
                row.peakRssMebibytes(),
                Statistics.ratio(row.throughput(), baseline.throughput()).orElse(Double.NaN),
                Statistics.ratio(row.cpuSecondsPerMillion(), baseline.cpuSecondsPerMillion())
                        .orElse(Double.NaN),
                row.failure());
    }

    private static double median(List<RunResult> results, ToDoubleFunction<RunResult> figure) {
        List<Double> values = results.stream().map(r -> figure.applyAsDouble(r)).toList();
        return Statistics.median(values).orElse(Double.NaN);
    }
}
