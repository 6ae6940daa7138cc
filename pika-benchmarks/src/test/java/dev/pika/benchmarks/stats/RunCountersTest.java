package dev.pika.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCountersTest {

    @Test
    void countsAndDifferences() {
        RunCounters counters = new RunCounters();
        counters.sent();
        counters.sent();
        counters.confirmed(2);
        CounterSnapshot before = counters.snapshot();
        counters.sent();
        counters.nacked(1);
        counters.returned();
        counters.received(3_000);
        counters.received(-1);

        CounterSnapshot after = counters.snapshot();

        assertThat(before).isEqualTo(new CounterSnapshot(2, 2, 0, 0, 0));
        assertThat(after).isEqualTo(new CounterSnapshot(3, 2, 1, 1, 2));
        assertThat(after.minus(before)).isEqualTo(new CounterSnapshot(1, 0, 1, 1, 2));
        assertThat(counters.latency().total().count())
                .as("a message without a timestamp counts as received but has no latency")
                .isEqualTo(1);
    }
}
