package dev.pika.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.run.RunResultFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PerfTest for about two seconds with the RabbitMQ Java client (both transports) against a real broker: messages
 * flow, latency is measured, the summary is printed, the queue is deleted. The broker is {@code PIKA_TEST_URI}, else
 * RabbitMQ on localhost:5672; the test is skipped, saying so, when neither answers.
 */
class PerfTestIT {

    private static final String URI_VARIABLE = "PIKA_TEST_URI";

    private static String uri;

    @TempDir
    Path directory;

    @BeforeAll
    static void findBroker() {
        String configured = System.getenv(URI_VARIABLE);
        uri = configured == null || configured.isBlank() ? PerfTestOptions.DEFAULT_URI : configured;
        URI parsed = URI.create(uri);
        String host = parsed.getHost() == null ? "127.0.0.1" : parsed.getHost();
        int port = parsed.getPort() < 0 ? 5672 : parsed.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
        } catch (IOException e) {
            Assumptions.abort("no AMQP broker at " + host + ":" + port + " (set " + URI_VARIABLE + "): " + e);
        }
        System.out.println("PerfTestIT uses the broker at " + host + ":" + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"amqp-client", "amqp-client-netty"})
    void messagesFlowAndTheSummaryIsPrinted(String client) throws Exception {
        Path resultFile = directory.resolve("result.properties");
        String queue = "perf-test-it-" + client + "-" + UUID.randomUUID();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int status = PerfTest.run(
                new String[] {
                    "--client",
                    client,
                    "--uri",
                    uri,
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
                    "-u",
                    queue,
                    "--delete-queue",
                    "-z",
                    "2",
                    "--warmup",
                    "0.5",
                    "--result-file",
                    resultFile.toString()
                },
                new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));

        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + errors.toString(StandardCharsets.UTF_8)).isEqualTo(PerfTest.EXIT_OK);
        assertThat(printed)
                .contains("client: " + client)
                .containsPattern("time: 1\\.\\d{3}s(?: \\(warm-up\\))?, sent: \\d+ msg/s, confirmed: \\d+ msg/s")
                .contains("receiving rate avg:")
                .contains("summary: client " + client + ", measured ");
        RunResult result = RunResultFile.read(resultFile);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.server()).startsWith("RabbitMQ");
        assertThat(result.counts().sent()).isPositive();
        assertThat(result.counts().confirmed()).isPositive();
        assertThat(result.counts().received()).isPositive();
        assertThat(result.latency().count()).isPositive();
        assertThat(result.latency().medianMicros()).isPositive();
        assertThat(result.cpuSecondsPerMillionMessages()).isPositive();
        assertThat(result.allocatedBytesPerMessage()).isPositive();
        assertQueueDeleted(queue);
    }

    private static void assertQueueDeleted(String queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (Connection connection = factory.newConnection("perf-test-it-check")) {
            Channel channel = connection.createChannel(); // closed by the broker's 404, then with the connection
            assertThatThrownBy(() -> channel.queueDeclarePassive(queue))
                    .as("the run deletes its queue")
                    .hasStackTraceContaining("NOT_FOUND");
        }
    }
}
