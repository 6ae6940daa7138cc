package dev.pika.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

    @Test
    void cpuAndAllocationGrowWithWork() {
        ProcessMetrics metrics = new ProcessMetrics();
        ProcessSnapshot before = metrics.snapshot();
        long sink = 0;
        for (int i = 0; i < 2_000; i++) {
            sink += new byte[1024].length;
        }
        long spinUntil = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < spinUntil) {
            sink += System.identityHashCode(new Object());
        }
        ProcessSnapshot after = metrics.snapshot();

        assertThat(sink).isNotZero();
        assertThat(after.cpuNanos() - before.cpuNanos()).isPositive();
        assertThat(after.allocatedBytes() - before.allocatedBytes()).isGreaterThanOrEqualTo(2_000 * 1024);
        assertThat(after.liveThreads()).isPositive();
        assertThat(after.heapUsedBytes()).isPositive();
        assertThat(metrics.peakThreads()).isGreaterThanOrEqualTo(after.liveThreads());
    }

    @Test
    void parsesProcStatusValues() {
        assertThat(ProcessMetrics.parseKilobytes("\t  123456 kB")).isEqualTo(123_456);
        assertThat(ProcessMetrics.parseKilobytes("nonsense")).isEqualTo(-1);
        assertThat(ProcessMetrics.residentSetBytes()).isNotZero();
    }
}
