package dev.pika.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import org.junit.jupiter.api.Test;

class RunLinesTest {

    @Test
    void intervalLineLooksLikePerfTests() {
        String line = RunLines.interval(
                "test-1",
                2_000_000_000L,
                new CounterSnapshot(50_000, 49_000, 2, 1, 24_000),
                500_000_000L,
                new LatencySummary(10, 100.4, 200.6, 900, 1500, 2000),
                new RunLines.Shape(1, 1, true, true),
                false);

        assertThat(line)
                .isEqualTo("id: test-1, time: 2.000s, sent: 100000 msg/s, confirmed: 98000 msg/s, nacked: 4 msg/s, "
                        + "returned: 2 msg/s, received: 48000 msg/s, "
                        + "min/median/95th/99th consumer latency: 100/201/900/1500 us");
    }

    @Test
    void columnsThatDoNotApplyAreLeftOut() {
        String publishOnly = RunLines.interval(
                "t",
                1_000_000_000L,
                new CounterSnapshot(10, 0, 0, 0, 0),
                1_000_000_000L,
                LatencySummary.EMPTY,
                new RunLines.Shape(1, 0, false, false),
                true);

        assertThat(publishOnly).isEqualTo("id: t, time: 1.000s (warm-up), sent: 10 msg/s");
    }

    @Test
    void summaryHasEveryFigureOfTheTable() {
        String summary =
                RunLines.summary("test-1", RunResultFileTest.sample(null), new RunLines.Shape(1, 1, true, false));

        assertThat(summary)
                .contains("id: test-1, sending rate avg: 50000 msg/s")
                .contains("id: test-1, confirming rate avg: 49500 msg/s")
                .contains("id: test-1, receiving rate avg: 49000 msg/s")
                .contains("consumer latency min/median/95th/99th: 13/150/900/1500 us")
                .contains("summary: client amqp-client, measured 2.000 s")
                .contains("throughput 49000 msg/s")
                .contains("(15.31 s per million messages)")
                .contains("allocated 1000 B per message")
                .contains("peak threads 17", "peak heap 64.0 MiB", "peak RSS 300.0 MiB")
                .doesNotContain("error:");
    }
}
