package dev.pika.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void intervalsReportMicrosecondsAndStartOver() {
        LatencyStats stats = new LatencyStats();
        for (int i = 1; i <= 100; i++) {
            stats.record(i * 1_000L); // 1..100 us
        }

        LatencySummary first = stats.interval();
        assertThat(first.count()).isEqualTo(100);
        assertThat(first.minMicros()).isCloseTo(1.0, within(0.01));
        assertThat(first.medianMicros()).isCloseTo(50.0, within(0.1));
        assertThat(first.p95Micros()).isCloseTo(95.0, within(0.1));
        assertThat(first.p99Micros()).isCloseTo(99.0, within(0.1));
        assertThat(first.maxMicros()).isCloseTo(100.0, within(0.1));

        assertThat(stats.interval()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void totalAddsIntervalsAndWhatIsPending() {
        LatencyStats stats = new LatencyStats();
        stats.record(10_000);
        stats.interval();
        stats.record(20_000);

        LatencySummary total = stats.total();

        assertThat(total.count()).isEqualTo(2);
        assertThat(total.minMicros()).isCloseTo(10.0, within(0.1));
        assertThat(total.maxMicros()).isCloseTo(20.0, within(0.1));
    }

    @Test
    void resetDropsTheWarmUp() {
        LatencyStats stats = new LatencyStats();
        stats.record(1_000_000);
        stats.interval();
        stats.record(2_000_000);

        stats.resetTotal();
        stats.record(5_000);

        LatencySummary total = stats.total();
        assertThat(total.count()).isEqualTo(1);
        assertThat(total.maxMicros()).isCloseTo(5.0, within(0.01));
    }

    @Test
    void negativeLatenciesCountAsZero() {
        LatencyStats stats = new LatencyStats();
        stats.record(-5);
        assertThat(stats.total().minMicros()).isZero();
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws InterruptedException {
        LatencyStats stats = new LatencyStats();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    stats.record(1_000 + i);
                }
            });
            threads.add(thread);
            thread.start();
        }
        long sampled = 0;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                sampled += stats.interval().count();
                thread.join(1);
            }
        }
        sampled += stats.interval().count();

        assertThat(sampled).isEqualTo(40_000);
        assertThat(stats.total().count()).isEqualTo(40_000);
    }
}
