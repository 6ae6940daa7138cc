package dev.pika.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultFileTest {

    @TempDir
    Path directory;

    static RunResult sample(String error) {
        return new RunResult(
                "amqp-client",
                "RabbitMQ Java client 5.37.1, blocking socket I/O",
                "RabbitMQ 3.10.8",
                4242,
                1,
                1,
                true,
                2_000_000_000L,
                new CounterSnapshot(100_000, 99_000, 10, 5, 98_000),
                new LatencySummary(98_000, 12.5, 150.0, 900.25, 1500.0, 3000.0),
                1_500_000_000L,
                98_000_000L,
                17,
                64L << 20,
                300L << 20,
                3,
                12,
                error);
    }

    @Test
    void roundTrips() {
        Path file = directory.resolve("nested/result.properties");
        RunResult result = sample(null);

        RunResultFile.write(file, result);

        assertThat(RunResultFile.read(file)).isEqualTo(result);
    }

    @Test
    void keepsTheErrorAndEmptyLatency() {
        Path file = directory.resolve("failed.properties");
        RunResult failed = new RunResult(
                "fake",
                "d",
                "unknown",
                1,
                1,
                0,
                false,
                0,
                CounterSnapshot.ZERO,
                LatencySummary.EMPTY,
                -1,
                -1,
                0,
                0,
                -1,
                0,
                0,
                "boom: it broke");

        RunResultFile.write(file, failed);

        RunResult read = RunResultFile.read(file);
        assertThat(read.error()).isEqualTo("boom: it broke");
        assertThat(read.latency().isEmpty()).isTrue();
        assertThat(read.latency().medianMicros()).isNaN();
    }

    @Test
    void aTruncatedFileIsReportedByKey() throws Exception {
        Path file = directory.resolve("bad.properties");
        Files.writeString(file, "client=x\n");

        assertThatThrownBy(() -> RunResultFile.read(file)).hasMessageContaining("has no 'clientDescription'");
    }

    @Test
    void derivedFigures() {
        RunResult result = sample(null);

        assertThat(result.messages()).as("consumers: received").isEqualTo(98_000);
        assertThat(result.throughput()).isEqualTo(49_000.0);
        assertThat(result.sendRate()).isEqualTo(50_000.0);
        assertThat(result.confirmRate()).isEqualTo(49_500.0);
        assertThat(result.cpuSecondsPerMillionMessages()).isCloseTo(15.306, org.assertj.core.data.Offset.offset(0.001));
        assertThat(result.allocatedBytesPerMessage()).isEqualTo(1000.0);
    }
}
