package dev.pika.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.cli.PerfTestArguments;
import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.driver.ClientRegistry;
import dev.pika.benchmarks.testing.FakeDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run engine with the in-memory fake driver: end conditions, counting, measurement, clean-up. */
class BenchmarkRunTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    private RunResult run(String... args) {
        PerfTestOptions options = PerfTestArguments.parse(args);
        BenchmarkRun run = new BenchmarkRun(options, ClientRegistry.load().driver(options.client()), out);
        RunResult result = run.execute();
        assertThat(FakeDriver.queueExists(run.queue()))
                .as("the generated queue is deleted")
                .isFalse();
        return result;
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void endsWhenEverythingPublishedWasReceived() {
        RunResult result = run("--client", "fake", "-x", "2", "-y", "2", "-C", "500", "-c", "10", "-z", "30");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.counts().sent()).isEqualTo(1000);
        assertThat(result.counts().confirmed()).isEqualTo(1000);
        assertThat(result.counts().received()).isEqualTo(1000);
        assertThat(result.messages()).isEqualTo(1000);
        assertThat(result.latency().count()).isEqualTo(1000);
        assertThat(result.measuredSeconds()).as("well before the 30 s limit").isLessThan(20);
        assertThat(result.throughput()).isPositive();
        // reported (not -1); a run of a few milliseconds can fall within one tick of the process CPU clock, so 0 is
        // possible
        assertThat(result.cpuNanos()).isNotNegative();
        assertThat(result.allocatedBytes()).isPositive();
        assertThat(result.peakThreads()).isPositive();
        assertThat(result.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(printed())
                .contains("client: fake (in-memory fake broker (tests only))")
                .contains("sending rate avg:", "confirming rate avg:", "receiving rate avg:")
                .contains("summary: client fake, measured ");
    }

    @Test
    void drainsAPrefilledQueueAndEndsWhenItIsEmpty() {
        RunResult result =
                run("--client", "fake", "-x", "0", "-y", "1", "-q", "100", "-A", "50", "--prefill", "2000", "-z", "30");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.counts().received()).isEqualTo(2000);
        assertThat(result.counts().sent()).as("the pre-fill is not measured").isZero();
        assertThat(result.latency().isEmpty())
                .as("pre-filled messages carry no timestamp")
                .isTrue();
        assertThat(printed()).contains("pre-filled perf-test-fake-").contains("with 2000 messages");
    }

    @Test
    void consumersStopAtTheirLimit() {
        RunResult result = run("--client", "fake", "-x", "1", "-y", "1", "-D", "300", "-z", "30");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.counts().received()).isGreaterThanOrEqualTo(300);
        assertThat(result.measuredSeconds()).isLessThan(20);
    }

    @Test
    void theTimeLimitEndsAnUnboundedRunAfterTheWarmUp() {
        long start = System.nanoTime();
        RunResult result =
                run("--client", "fake", "-x", "1", "-y", "0", "-r", "200", "-z", "0.4", "--warmup", "0.2", "--quiet");

        double elapsed = (System.nanoTime() - start) / 1e9;
        assertThat(result.succeeded()).isTrue();
        assertThat(result.measuredSeconds()).isBetween(0.35, 5.0);
        assertThat(elapsed).isGreaterThanOrEqualTo(0.6);
        assertThat(result.counts().sent())
                .as("about 200 msg/s over the measured 0.4 s, not the warm-up")
                .isBetween(40L, 120L);
        assertThat(result.messages()).isEqualTo(result.counts().sent());
        assertThat(printed()).doesNotContain("time: 1.000s").contains("summary:");
    }

    @Test
    void aFailingPublisherEndsTheRunWithItsError() {
        RunResult result = run("--client", "fake-failing", "-x", "1", "-y", "0", "-z", "30");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("connection reset by peer (simulated)");
        assertThat(printed()).contains("error: ");
    }

    @Test
    void requestStopEndsARunWithoutLimits() throws Exception {
        PerfTestOptions options = PerfTestArguments.parse("--client", "fake", "-x", "1", "-y", "1", "-r", "1000");
        BenchmarkRun run = new BenchmarkRun(options, ClientRegistry.load().driver("fake"), out);
        long acksBefore = FakeDriver.ACKS.get();
        Thread stopper = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (FakeDriver.ACKS.get() < acksBefore + 100 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            run.requestStop();
        });
        stopper.start();

        RunResult result = run.execute();

        stopper.join();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.counts().received()).isPositive();
        assertThat(run.awaitFinished(Duration.ofSeconds(1))).isTrue();
    }
}
