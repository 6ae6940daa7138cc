package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.channel.Channel;
import dev.pika.channel.GetResult;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionBlockedTimeoutException;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code connection.blocked} from a memory alarm, raised with {@code set_vm_memory_high_watermark} on a RabbitMQ node
 * of this test's own (never the shared one): a publishing connection sees the blocked callback with the broker's
 * reason, its publish waits (not lost), then the unblocked callback once the alarm clears and the publish completes;
 * with {@code blockedConnectionTimeout} set, the connection is torn down with the typed {@link
 * ConnectionBlockedTimeoutException} and the waiting publish is failed back with it. For both adapters. Skipped with
 * the reason when RabbitMQ is not installed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MemoryAlarmIT {

    /** A watermark far below what any node uses: the alarm goes off at once. */
    static final double ALARM_WATERMARK = 0.0001;

    /** RabbitMQ's default watermark: the alarm clears. */
    static final double NORMAL_WATERMARK = 0.4;

    static final Duration BLOCKED_TIMEOUT = Duration.ofSeconds(2);

    /** Bound on the broker's reaction (alarm raised or cleared, notification sent) on a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(60);

    /** Slack for the blocked-connection timer on a loaded machine. */
    static final Duration TIMER_SLACK = Duration.ofSeconds(3);

    private static LocalRabbitMqNode node;

    @BeforeAll
    static void startNode() {
        String reason = LocalRabbitMqNode.unavailableReason();
        if (reason != null) {
            System.out.println(
                    "[pika-reliability] skipped MemoryAlarmIT: needs a RabbitMQ installation for a node of its own: "
                            + reason);
        }
        assumeTrue(reason == null, () -> "needs a RabbitMQ installation for a node of its own: " + reason);
        node = LocalRabbitMqNode.start("alarm");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void clearAlarm() {
        if (node != null) {
            node.ctl().setVmMemoryHighWatermark(NORMAL_WATERMARK);
        }
    }

    private static ConnectionParameters.Builder parameters(String name) {
        return ConnectionParameters.builder()
                .host(node.host())
                .port(node.amqpPort())
                .connectionName(name);
    }

    private static String declareQueue(String name) {
        try (BlockingConnection connection =
                new BlockingConnection(parameters("alarm-admin").build())) {
            connection.channel().queueDeclare(name, false, false, false, false, null);
        }
        return name;
    }

    private static long readyMessages(String queue) {
        try (BlockingConnection connection =
                new BlockingConnection(parameters("alarm-admin").build())) {
            return connection
                    .channel()
                    .queueDeclare(queue, true, false, false, false, null)
                    .messageCount();
        }
    }

    @Test
    void selectPublisherSeesBlockedThenUnblockedAndItsPublishIsConfirmed() {
        String queue = declareQueue("alarm-select-" + System.nanoTime());
        try (SelectSession session =
                SelectSession.open(parameters("alarm-select").build())) {
            CompletableFuture<String> blocked = new CompletableFuture<>();
            CompletableFuture<Void> unblocked = new CompletableFuture<>();
            Channel channel = session.channel();
            session.await(channel::confirmDelivery);
            session.run(() -> {
                session.connection.addOnConnectionBlockedCallback((c, method) -> blocked.complete(method.reason()));
                session.connection.addOnConnectionUnblockedCallback((c, method) -> unblocked.complete(null));
            });

            node.ctl().setVmMemoryHighWatermark(ALARM_WATERMARK);
            // RabbitMQ blocks a connection when it publishes during the alarm
            CompletableFuture<Void> confirmed =
                    session.call(() -> channel.basicPublishConfirmed("", queue, Messages.body(1)));

            String reason = Waits.await("connection.blocked", blocked, WAIT);
            assertThat(reason).as("the broker's reason").containsIgnoringCase("memory");
            assertThat(session.call(session.connection::isBlocked)).isTrue();
            assertThat(session.call(() -> session.connection.blockedReason().orElse("")))
                    .isEqualTo(reason);
            assertThat(confirmed).as("the publish waits while blocked").isNotDone();

            node.ctl().setVmMemoryHighWatermark(NORMAL_WATERMARK);
            long clearedAt = System.nanoTime(); // recovery: from the alarm cleared (rabbitmqctl returned)
            Waits.await("connection.unblocked", unblocked, WAIT);
            Waits.await("the publish confirmed after the alarm", confirmed, WAIT);
            Duration recovery = Duration.ofNanos(System.nanoTime() - clearedAt);

            assertThat(session.call(session.connection::isBlocked)).isFalse();
            assertThat(session.closed).as("the connection stayed open").isNotDone();
            assertThat(readyMessages(queue)).as("the message reached the queue").isEqualTo(1);
            report(
                    "memory alarm (blocked, unblocked), SelectConnection",
                    recovery,
                    "blocked: \"" + reason + "\"; the publish waited and was confirmed after the alarm cleared");
        }
    }

    @Test
    void blockingPublisherSeesBlockedThenUnblockedAndItsMessageArrives() {
        String queue = declareQueue("alarm-blocking-" + System.nanoTime());
        try (BlockingConnection connection =
                new BlockingConnection(parameters("alarm-blocking").build())) {
            AtomicReference<String> blocked = new AtomicReference<>();
            AtomicReference<Boolean> unblocked = new AtomicReference<>(false);
            connection.addOnConnectionBlockedCallback((c, method) -> blocked.set(method.reason()));
            connection.addOnConnectionUnblockedCallback((c, method) -> unblocked.set(true));
            BlockingChannel channel = connection.channel();

            node.ctl().setVmMemoryHighWatermark(ALARM_WATERMARK);
            channel.basicPublish("", queue, Messages.body(1));
            processUntil(connection, "connection.blocked", () -> blocked.get() != null);
            assertThat(blocked.get()).as("the broker's reason").containsIgnoringCase("memory");
            assertThat(unblocked.get()).isFalse();

            node.ctl().setVmMemoryHighWatermark(NORMAL_WATERMARK);
            long clearedAt = System.nanoTime(); // recovery: from the alarm cleared (rabbitmqctl returned)
            processUntil(connection, "connection.unblocked", unblocked::get);
            GetResult got = channel.basicGet(queue, true);
            Duration recovery = Duration.ofNanos(System.nanoTime() - clearedAt);

            assertThat(got.isEmpty())
                    .as("the message published while blocked arrived")
                    .isFalse();
            assertThat(Messages.id(got.body())).isEqualTo(1);
            assertThat(connection.isOpen()).isTrue();
            report(
                    "memory alarm (blocked, unblocked), BlockingConnection",
                    recovery,
                    "blocked: \"" + blocked.get() + "\"; the message published while blocked arrived after the alarm"
                            + " cleared");
        }
    }

    @Test
    void selectConnectionBlockedLongerThanTheTimeoutClosesWithTheTypedExceptionAndFailsThePublishBack() {
        String queue = declareQueue("alarm-select-timeout-" + System.nanoTime());
        ConnectionParameters params = parameters("alarm-select-timeout")
                .blockedConnectionTimeout(BLOCKED_TIMEOUT)
                .build();
        try (SelectSession session = SelectSession.open(params)) {
            CompletableFuture<Long> blockedAt = new CompletableFuture<>();
            Channel channel = session.channel();
            session.await(channel::confirmDelivery);
            session.run(() -> session.connection.addOnConnectionBlockedCallback(
                    (c, method) -> blockedAt.complete(System.nanoTime())));

            node.ctl().setVmMemoryHighWatermark(ALARM_WATERMARK);
            CompletableFuture<Void> confirmed =
                    session.call(() -> channel.basicPublishConfirmed("", queue, Messages.body(1)));

            long blockedNanos = Waits.await("connection.blocked", blockedAt, WAIT);
            AmqpConnectionException reason = Waits.await("the blocked-connection timeout", session.closed, WAIT);
            Duration afterBlocked = Duration.ofNanos(System.nanoTime() - blockedNanos);

            assertThat(reason)
                    .isInstanceOf(ConnectionBlockedTimeoutException.class)
                    .hasMessageContaining("blockedConnectionTimeout");
            assertThat(afterBlocked).isBetween(BLOCKED_TIMEOUT.minusMillis(100), BLOCKED_TIMEOUT.plus(TIMER_SLACK));
            assertThatThrownBy(confirmed::join)
                    .as("the publish waiting for its confirm is failed back, typed")
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(ConnectionBlockedTimeoutException.class);
            report(
                    "memory alarm, blockedConnectionTimeout 2 s, SelectConnection",
                    null,
                    "ConnectionBlockedTimeoutException " + afterBlocked.toMillis()
                            + " ms after connection.blocked; the unconfirmed publish failed back with it");
        }
    }

    @Test
    void blockingPublishBlockedLongerThanTheTimeoutThrowsTheTypedException() {
        String queue = declareQueue("alarm-blocking-timeout-" + System.nanoTime());
        ConnectionParameters params = parameters("alarm-blocking-timeout")
                .blockedConnectionTimeout(BLOCKED_TIMEOUT)
                .build();
        try (BlockingConnection connection = new BlockingConnection(params)) {
            BlockingChannel channel = connection.channel();
            channel.confirmDelivery();
            AtomicReference<String> blocked = new AtomicReference<>();
            connection.addOnConnectionBlockedCallback((c, method) -> blocked.set(method.reason()));

            node.ctl().setVmMemoryHighWatermark(ALARM_WATERMARK);
            long publishedAt = System.nanoTime();
            assertThatThrownBy(() -> channel.basicPublish("", queue, Messages.body(1)))
                    .as("the confirmed publish fails back, typed")
                    .isInstanceOf(ConnectionBlockedTimeoutException.class)
                    .hasMessageContaining("blockedConnectionTimeout");
            Duration waited = Duration.ofNanos(System.nanoTime() - publishedAt);

            assertThat(waited).isGreaterThanOrEqualTo(BLOCKED_TIMEOUT.minusMillis(100));
            assertThat(connection.isClosed()).isTrue();
            report(
                    "memory alarm, blockedConnectionTimeout 2 s, BlockingConnection",
                    null,
                    "basicPublish threw ConnectionBlockedTimeoutException after " + waited.toMillis() + " ms");
        }
    }

    private static void processUntil(
            BlockingConnection connection, String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            connection.processDataEvents(Duration.ofMillis(100));
        }
    }

    private static void report(String fault, Duration recovery, String notes) {
        ReliabilityReport.shared().add(new ReliabilityReport.Row(fault, 1, 1, 0, 0, recovery, notes));
    }
}
