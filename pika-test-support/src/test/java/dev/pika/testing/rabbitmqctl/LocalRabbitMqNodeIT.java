package dev.pika.testing.rabbitmqctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The broker-side faults that must never hit the shared broker, on a node of this test's own: memory
 * alarm (connection.blocked / unblocked) and stop_app / start_app. Skipped where RabbitMQ is not installed.
 */
@Timeout(300)
@Execution(ExecutionMode.SAME_THREAD) // the tests share one node and change its state in turn
class LocalRabbitMqNodeIT {

    private static LocalRabbitMqNode node;

    @BeforeAll
    static void startNode() {
        String reason = LocalRabbitMqNode.unavailableReason();
        assumeTrue(reason == null, () -> "needs a RabbitMQ installation: " + reason);
        node = LocalRabbitMqNode.start("ctl-it");
    }

    /** Closing stops the node and deletes its files: checked once, on the way out. */
    @AfterAll
    static void stopNode() {
        if (node == null) {
            return;
        }
        Path directory = node.directory();
        assertThat(directory.resolve("node.pid")).exists();

        node.close();

        assertThat(directory).doesNotExist();
        assertThatThrownBy(() -> node.ctl().run("-q", "ping")).isInstanceOf(RabbitMqCtlException.class);
    }

    private static Connection connect(String name) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(node.host());
        factory.setPort(node.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection(name);
    }

    @Test
    void aMemoryAlarmBlocksPublishersUntilItClears() throws Exception {
        try (Connection connection = connect("alarm");
                Channel channel = connection.createChannel()) {
            CompletableFuture<String> blocked = new CompletableFuture<>();
            CompletableFuture<Void> unblocked = new CompletableFuture<>();
            connection.addBlockedListener(new BlockedListener() {
                @Override
                public void handleBlocked(String reason) {
                    blocked.complete(reason);
                }

                @Override
                public void handleUnblocked() {
                    unblocked.complete(null);
                }
            });

            node.ctl().setVmMemoryHighWatermark(0.0001);
            try {
                channel.basicPublish("", "nowhere", null, "x".getBytes(StandardCharsets.UTF_8));

                assertThat(blocked.get(30, TimeUnit.SECONDS)).contains("memory");
            } finally {
                node.ctl().setVmMemoryHighWatermark(0.4);
            }
            unblocked.get(30, TimeUnit.SECONDS);
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void stopAppDropsClientsAndStartAppServesThemAgain() throws Exception {
        Connection connection = connect("stop-start");
        CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
        connection.addShutdownListener(shutdown::complete);

        node.ctl().stopApp();

        assertThat(shutdown.get(30, TimeUnit.SECONDS).isInitiatedByApplication())
                .isFalse();
        assertThat(node.ctl().isAppRunning()).isFalse();
        assertThatThrownBy(() -> connect("while-stopped")).isInstanceOf(IOException.class);

        node.ctl().startApp();

        assertThat(node.ctl().isAppRunning()).isTrue();
        try (Connection again = connect("after-start")) {
            assertThat(again.isOpen()).isTrue();
            assertThat(node.ctl()
                            .awaitConnection("after-start", java.time.Duration.ofSeconds(10))
                            .peerPort())
                    .isPositive();
        }
    }

    @Test
    void theNodeIsItsOwn() {
        assertThat(node.nodeName()).startsWith("pika-ctl-it-").endsWith("@localhost");
        assertThat(node.amqpPort()).isNotEqualTo(5672);
        assertThat(node.ctl().amqpListenerPorts()).containsExactly(node.amqpPort());
    }
}
