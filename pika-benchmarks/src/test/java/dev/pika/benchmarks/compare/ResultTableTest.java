package dev.pika.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private final Scenario publish = Scenarios.all().get(0);
    private final Scenario latency = Scenarios.all().stream()
            .filter(s -> s.name().equals("latency-1k"))
            .findFirst()
            .orElseThrow();
    private final List<RunOutcome> outcomes = new ArrayList<>();

    private void add(Scenario scenario, String client, double throughput, double cpuSecondsPerMillion, double p50) {
        long messages = (long) throughput; // one measured second
        RunRequest request = new RunRequest(
                outcomes.size() + 1,
                scenario,
                client,
                1,
                PerfTestOptions.builder().queue("q").build(),
                Path.of("r"),
                Path.of("l"),
                Duration.ofSeconds(1));
        RunResult result = new RunResult(
                client,
                "d",
                "s",
                1,
                1,
                scenario == latency ? 1 : 0,
                false,
                1_000_000_000L,
                new CounterSnapshot(messages, 0, 0, 0, scenario == latency ? messages : 0),
                scenario == latency
                        ? new LatencySummary(messages, 1, p50, p50 * 2, p50 * 3, p50 * 4)
                        : LatencySummary.EMPTY,
                (long) (cpuSecondsPerMillion * 1e9 * messages / 1e6),
                messages * 100,
                10,
                100L << 20,
                -1,
                0,
                0,
                null);
        outcomes.add(RunOutcome.succeeded(request, result, Duration.ofSeconds(1)));
    }

    private void addFailure(Scenario scenario, String client, String why) {
        RunRequest request = new RunRequest(
                outcomes.size() + 1,
                scenario,
                client,
                1,
                PerfTestOptions.builder().queue("q").build(),
                Path.of("r"),
                Path.of("l"),
                Duration.ofSeconds(1));
        outcomes.add(RunOutcome.failed(request, why, Duration.ofSeconds(1)));
    }

    @Test
    void mediansOverRunsAndRatiosToAmqpClient() {
        add(publish, "amqp-client", 100_000, 10.0, 0);
        add(publish, "amqp-client", 80_000, 12.0, 0);
        add(publish, "amqp-client", 90_000, 11.0, 0);
        add(publish, "pika-select", 120_000, 8.0, 0);
        add(publish, "pika-select", 135_000, 7.0, 0);
        addFailure(publish, "pika-select", "timed out");

        List<ResultRow> rows = ResultTable.rows(List.of("publish"), List.of("amqp-client", "pika-select"), outcomes);

        assertThat(rows).hasSize(2);
        ResultRow baseline = rows.get(0);
        assertThat(baseline.client()).isEqualTo("amqp-client");
        assertThat(baseline.succeededRuns()).isEqualTo(3);
        assertThat(baseline.throughput()).isEqualTo(90_000.0);
        assertThat(baseline.cpuSecondsPerMillion()).isCloseTo(11.0, within(1e-6));
        assertThat(baseline.bytesPerMessage()).isEqualTo(100.0);
        assertThat(baseline.throughputRatio()).isEqualTo(1.0);
        assertThat(baseline.cpuRatio()).isEqualTo(1.0);
        assertThat(baseline.p50Micros()).as("no latency in a publish-only run").isNaN();
        assertThat(baseline.peakRssMebibytes()).as("RSS not reported").isNaN();
        assertThat(baseline.peakHeapMebibytes()).isEqualTo(100.0);

        ResultRow other = rows.get(1);
        assertThat(other.succeededRuns()).isEqualTo(2);
        assertThat(other.totalRuns()).isEqualTo(3);
        assertThat(other.throughput()).isEqualTo(127_500.0);
        assertThat(other.throughputRatio()).isCloseTo(127_500.0 / 90_000.0, within(1e-9));
        assertThat(other.cpuRatio()).isCloseTo(7.5 / 11.0, within(1e-6));
        assertThat(other.failure()).as("some runs succeeded").isNull();
    }

    @Test
    void latencyPercentilesAreMediansOfEachRunsPercentiles() {
        add(latency, "amqp-client", 1000, 400, 150);
        add(latency, "amqp-client", 1000, 400, 170);
        add(latency, "amqp-client", 1000, 400, 500);

        ResultRow row = ResultTable.rows(List.of("latency-1k"), List.of("amqp-client"), outcomes)
                .get(0);

        assertThat(row.p50Micros()).isEqualTo(170.0);
        assertThat(row.p95Micros()).isEqualTo(340.0);
        assertThat(row.p99Micros()).isEqualTo(510.0);
    }

    @Test
    void withoutTheBaselineThereIsNoRatioAndAllFailedRowsSayWhy() {
        add(publish, "amqp-client-netty", 100_000, 10.0, 0);
        addFailure(publish, "pika-blocking", "exited with status 1");

        List<ResultRow> rows = ResultTable.rows(
                List.of("publish", "latency-1k"), List.of("amqp-client-netty", "pika-blocking"), outcomes);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).throughputRatio()).isNaN();
        assertThat(rows.get(1).throughput()).isNaN();
        assertThat(rows.get(1).failure()).isEqualTo("exited with status 1");
    }
}
