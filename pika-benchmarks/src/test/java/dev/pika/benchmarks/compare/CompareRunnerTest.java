package dev.pika.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.cli.CompareArguments;
import dev.pika.benchmarks.cli.CompareOptions;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run plan and its execution with a recording launcher (no process, no broker). */
class CompareRunnerTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    private final List<String> cleaned = new ArrayList<>();

    private CompareRunner runner(RunLauncher launcher, String... args) {
        CompareOptions options = CompareArguments.parse(args);
        return new CompareRunner(
                options,
                Scenarios.select(options.scenarios()),
                List.of("amqp-client", "other"),
                Path.of("/tmp/out"),
                launcher,
                (client, queue) -> cleaned.add(client + ":" + queue),
                out);
    }

    @Test
    void clientsAlternateRunByRunWithinEachScenario() {
        List<RunRequest> plan =
                runner(request -> null, "-s", "publish,drain-ack-q1", "-n", "2").plan();

        assertThat(plan)
                .extracting(r -> r.scenario().name() + "/" + r.repetition() + "/" + r.client())
                .containsExactly(
                        "publish/1/amqp-client",
                        "publish/1/other",
                        "publish/2/amqp-client",
                        "publish/2/other",
                        "drain-ack-q1/1/amqp-client",
                        "drain-ack-q1/1/other",
                        "drain-ack-q1/2/amqp-client",
                        "drain-ack-q1/2/other");
        assertThat(plan).extracting(RunRequest::sequence).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void everyRunHasItsOwnQueueFilesAndFullOptions() {
        List<RunRequest> plan = runner(
                        request -> null,
                        "-s",
                        "drain-ack-q1",
                        "-n",
                        "2",
                        "-z",
                        "2",
                        "--warmup",
                        "0.5",
                        "--uri",
                        "amqp://b",
                        "--run-timeout",
                        "30")
                .plan();

        assertThat(plan)
                .extracting(RunRequest::queue)
                .doesNotHaveDuplicates()
                .allMatch(q -> q.matches("perf-test-compare-\\d{3}-[0-9a-f]{8}"), "perf-test-compare-<run>-<random>")
                .allMatch(
                        q -> q.length() == "perf-test-compare-001-00000000".length(),
                        "the same length for every client");
        assertThat(plan).extracting(RunRequest::resultFile).doesNotHaveDuplicates();
        assertThat(plan).extracting(RunRequest::logFile).doesNotHaveDuplicates();
        RunRequest first = plan.get(0);
        assertThat(first.resultFile()).isEqualTo(Path.of("/tmp/out/results/001-drain-ack-q1-amqp-client-1.properties"));
        assertThat(first.logFile()).isEqualTo(Path.of("/tmp/out/logs/001-drain-ack-q1-amqp-client-1.log"));
        assertThat(first.options().client()).isEqualTo("amqp-client");
        assertThat(first.options().uri()).isEqualTo("amqp://b");
        assertThat(first.options().timeLimit()).isEqualTo(Duration.ofSeconds(2));
        assertThat(first.options().warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(first.options().deleteQueue()).isTrue();
        assertThat(first.options().resultFile()).contains(first.resultFile());
        assertThat(first.options().prefetch()).as("the scenario's own settings").isEqualTo(1);
        // 1.5 s start-up + 20,000 pre-filled at 20k/s + 0.5 s warm-up + 2 s + 30 s slack
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(35));
        assertThat(CompareRunner.estimate(plan)).as("4 runs of 5 s").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void runsEveryRequestInOrderAndGoesOnAfterAFailure() {
        List<String> launched = new ArrayList<>();
        RunLauncher launcher = request -> {
            launched.add(request.client() + "#" + request.repetition());
            if (request.client().equals("other") && request.repetition() == 1) {
                return RunOutcome.failed(request, "timed out after 5 s and was killed", Duration.ofSeconds(5));
            }
            return RunOutcome.succeeded(
                    request, result(request.client(), 1000.0 * request.repetition()), Duration.ofSeconds(1));
        };

        List<RunOutcome> outcomes = runner(launcher, "-s", "publish", "-n", "2").run();

        assertThat(launched).containsExactly("amqp-client#1", "other#1", "amqp-client#2", "other#2");
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(1).failure()).contains("timed out");
        assertThat(cleaned)
                .as("only the failed run's queue is cleaned up from outside")
                .hasSize(1);
        assertThat(cleaned.get(0)).startsWith("other:perf-test-compare-002-");
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("[1/4] publish, amqp-client, run 1/2 ... 1000 msg/s")
                .contains("[2/4] publish, other, run 1/2 ... FAILED: timed out after 5 s");
    }

    @Test
    void needsAClient() {
        CompareOptions options = CompareArguments.parse();
        assertThatThrownBy(() -> new CompareRunner(
                        options, Scenarios.all(), List.of(), Path.of("x"), r -> null, (c, q) -> {}, out))
                .hasMessageContaining("no client to run");
    }

    static RunResult result(String client, double throughput) {
        long received = (long) throughput;
        return new RunResult(
                client,
                client + " driver",
                "RabbitMQ 3.10.8",
                1,
                1,
                0,
                false,
                1_000_000_000L,
                new CounterSnapshot(received, 0, 0, 0, 0),
                LatencySummary.EMPTY,
                received * 10_000L,
                received * 500L,
                12,
                64L << 20,
                200L << 20,
                1,
                5,
                null);
    }
}
