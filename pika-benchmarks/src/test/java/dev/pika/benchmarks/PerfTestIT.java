package dev.pika.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.run.RunResultFile;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PerfTest for about two seconds with each client (the RabbitMQ Java client on both transports, pika-java's
 * SelectConnection and BlockingConnection) against the test broker (see pika-test-support: {@code PIKA_TEST_URI}, local RabbitMQ,
 * Testcontainers or embedded Qpid Broker-J): messages flow, confirms come back, latency is measured, the summary is
 * printed, the queue is deleted. And every scenario shape the pika drivers have code for (pre-filled drain with
 * per-message and {@code multiple} acks, acks from worker threads, auto-ack, a fixed rate, mandatory and persistent
 * publishes) completes against the broker with every message accounted for.
 */
@PikaIntegrationTest
class PerfTestIT {

    TestBroker broker;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"amqp-client", "amqp-client-netty", "pika-select", "pika-select-loop", "pika-blocking"})
    void messagesFlowAndTheSummaryIsPrinted(String client) throws Exception {
        String queue = broker.name("perf-" + client);
        Run run = perfTest(
                client,
                queue,
                "-x",
                "1",
                "-y",
                "1",
                "-s",
                "100",
                "-q",
                "100",
                "-c",
                "500",
                "-z",
                "2",
                "--warmup",
                "0.5");

        assertThat(run.printed)
                .contains("client: " + client)
                .containsPattern("time: 1\\.\\d{3}s(?: \\(warm-up\\))?, sent: \\d+ msg/s, confirmed: \\d+ msg/s")
                .contains("receiving rate avg:")
                .contains("summary: client " + client + ", measured ");
        RunResult result = run.result;
        assertThat(result.server()).isEqualTo(broker.productAndVersion());
        assertThat(result.counts().sent()).isPositive();
        assertThat(result.counts().confirmed()).isPositive();
        assertThat(result.counts().nacked()).isZero();
        assertThat(result.counts().received()).isPositive();
        assertThat(result.latency().count()).isPositive();
        assertThat(result.latency().medianMicros()).isPositive();
        assertThat(result.cpuSecondsPerMillionMessages()).isPositive();
        assertThat(result.allocatedBytesPerMessage()).isPositive();
        assertQueueDeleted(queue);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pika-select", "pika-blocking"})
    void pikaDrainsAPrefilledQueueWithEveryAckPolicy(String client) throws Exception {
        // -D ends each run when its consumer has every message: nothing is lost or acked twice on the way.
        List<List<String>> policies = List.of(
                List.of("-a"),
                List.of("-q", "1"),
                List.of("-q", "100"),
                List.of("-q", "100", "-A", "50"),
                List.of("-q", "1000", "--ack-threads", "4"));
        for (List<String> policy : policies) {
            String queue = broker.name("drain");
            List<String> arguments = new ArrayList<>(List.of("-x", "0", "-y", "1", "-s", "100", "--prefill", "3000"));
            arguments.addAll(policy);
            arguments.addAll(List.of("-D", "3000", "-z", "60", "--warmup", "0"));

            Run run = perfTest(client, queue, arguments.toArray(String[]::new));

            assertThat(run.printed).as(String.join(" ", policy)).contains("pre-filled " + queue + " with 3000");
            assertThat(run.result.counts().received())
                    .as(String.join(" ", policy))
                    .isEqualTo(3000);
            assertQueueDeleted(queue);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pika-select", "pika-select-loop"})
    void pikaSelectPublishesAtAFixedRateWithMandatoryPersistentMessages(String client) throws Exception {
        String queue = broker.name("rate");

        Run run = perfTest(
                client,
                queue,
                "-x",
                "1",
                "-y",
                "1",
                "-s",
                "1000",
                "-q",
                "100",
                "-c",
                "10",
                "-r",
                "500",
                "-C",
                "600",
                "-f",
                "persistent",
                "-f",
                "mandatory",
                "-z",
                "60",
                "--warmup",
                "0");

        // Routed (the queue exists), so nothing is returned; every message is confirmed and received.
        assertThat(run.result.counts().sent()).isEqualTo(600);
        assertThat(run.result.counts().confirmed()).isEqualTo(600);
        assertThat(run.result.counts().returned()).isZero();
        assertThat(run.result.counts().received()).isEqualTo(600);
        // 600 messages at 500 msg/s take 1.2 s at the least: the pacer held the rate.
        assertThat(run.result.measuredNanos()).isGreaterThan(1_000_000_000L);
        assertQueueDeleted(queue);
    }

    private Run perfTest(String client, String queue, String... scenario) {
        Path resultFile = directory.resolve(queue + ".properties");
        List<String> arguments = new ArrayList<>(List.of(
                "--client",
                client,
                "--uri",
                broker.uri(),
                "-u",
                queue,
                "--delete-queue",
                "--result-file",
                resultFile.toString()));
        arguments.addAll(List.of(scenario));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int status = PerfTest.run(
                arguments.toArray(String[]::new),
                new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));

        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + errors.toString(StandardCharsets.UTF_8)).isEqualTo(PerfTest.EXIT_OK);
        RunResult result = RunResultFile.read(resultFile);
        assertThat(result.succeeded()).as(printed).isTrue();
        return new Run(printed, result);
    }

    private void assertQueueDeleted(String queue) throws Exception {
        try (Connection connection = broker.amqpClientConnectionFactory().newConnection("perf-test-it-check")) {
            Channel channel = connection.createChannel(); // closed by the broker's 404, then with the connection
            assertThatThrownBy(() -> channel.queueDeclarePassive(queue))
                    .as("the run deletes its queue")
                    .hasStackTraceContaining("NOT_FOUND");
        }
    }

    private record Run(String printed, RunResult result) {}
}
