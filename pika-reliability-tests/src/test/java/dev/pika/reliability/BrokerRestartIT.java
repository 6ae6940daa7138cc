package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.adapters.select.IoLoop;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker restarted under load ({@code rabbitmqctl stop_app} then {@code start_app}, on a RabbitMQ node of this
 * test's own, never the shared one), with a durable queue and persistent messages: the clients reconnect with their
 * own retry loop (plain exceptions, a short pause, a new connection) and every confirmed message is consumed after
 * the restarts (lost = 0). Skipped with the reason when RabbitMQ is not installed.
 *
 * <p>{@code -Dpika.reliability.restart.restarts} (default 2 per adapter), {@code
 * -Dpika.reliability.restart.messages} (default 20,000 for select, half for blocking).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BrokerRestartIT {

    static final int RESTARTS = Integer.getInteger("pika.reliability.restart.restarts", 2);
    static final long MESSAGES = Long.getLong("pika.reliability.restart.messages", 20_000);
    static final int BLOCKING_PUBLISHER_THREADS = 4;

    /** A restart of the node's app takes seconds; on a loaded machine allow far more. */
    private static final Duration PER_RESTART = Duration.ofMinutes(2);

    private static LocalRabbitMqNode node;

    @BeforeAll
    static void startNode() {
        String reason = LocalRabbitMqNode.unavailableReason();
        if (reason != null) {
            System.out.println(
                    "[pika-reliability] skipped BrokerRestartIT: needs a RabbitMQ installation for a node of its own: "
                            + reason);
        }
        assumeTrue(reason == null, () -> "needs a RabbitMQ installation for a node of its own: " + reason);
        node = LocalRabbitMqNode.start("restart");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static ConnectionParameters parameters(String name) {
        return ConnectionParameters.builder()
                .host(node.host())
                .port(node.amqpPort())
                .connectionName(name)
                .build();
    }

    private static String declareDurableQueue(String name) {
        try (BlockingConnection connection = new BlockingConnection(parameters("restart-admin"))) {
            connection.channel().queueDeclare(name, false, true, false, false, null);
        }
        return name;
    }

    private static long readyMessages(String queue) {
        try (BlockingConnection connection = new BlockingConnection(parameters("restart-admin"))) {
            BlockingChannel channel = connection.channel();
            return channel.queueDeclare(queue, true, true, false, false, null).messageCount();
        }
    }

    private static void deleteQueue(String queue) {
        try (BlockingConnection connection = new BlockingConnection(parameters("restart-admin"))) {
            connection.channel().queueDelete(queue);
        }
    }

    /** Restarts the node's app and records how long it was down. */
    private static FaultDriver.Fault restart(List<Duration> downtimes) {
        return random -> {
            long start = System.nanoTime();
            node.ctl().stopApp();
            node.ctl().startApp();
            downtimes.add(Duration.ofNanos(System.nanoTime() - start));
            return "stop_app/start_app";
        };
    }

    @Test
    void selectConnectionLosesNoPersistentMessageAcrossRestarts() throws Exception {
        String queue = declareDurableQueue("restart-select-" + System.nanoTime());
        FaultRun run = new FaultRun(MESSAGES);
        long seed = System.nanoTime();
        List<Duration> downtimes = Collections.synchronizedList(new ArrayList<>());
        FaultDriver.Result result;
        try (IoLoop loop = new IoLoop()) {
            loop.startInBackground();
            ConnectionParameters params = parameters("restart-select");
            SelectPublisher publisher = new SelectPublisher(
                    loop,
                    params,
                    queue,
                    run.ledger,
                    run.ids,
                    run.failures,
                    run.clock,
                    SelectPublisher.BasicPropertiesChoice.PERSISTENT);
            SelectConsumer consumer = new SelectConsumer(loop, params, queue, run.ledger, run.clock);
            try {
                FaultDriver driver = run.driver(List.of(publisher, consumer), RESTARTS, seed);
                publisher.start();
                consumer.start();
                result = driver.run(restart(downtimes), PER_RESTART);
                run.awaitEverythingConsumed(() -> readyMessages(queue));
            } finally {
                publisher.close();
                consumer.close();
            }
        }
        deleteQueue(queue);
        run.verifyAndReport(
                "broker restart, SelectConnection (downtime " + longest(downtimes) + ")", result, seed, false);
        assertThat(result.faults()).isEqualTo(RESTARTS);
    }

    @Test
    void blockingConnectionLosesNoPersistentMessageAcrossRestarts() throws Exception {
        String queue = declareDurableQueue("restart-blocking-" + System.nanoTime());
        FaultRun run = new FaultRun(MESSAGES / 2);
        long seed = System.nanoTime();
        List<Duration> downtimes = Collections.synchronizedList(new ArrayList<>());
        FaultDriver.Result result;
        ConnectionParameters params = parameters("restart-blocking");
        BlockingPublisher publisher = new BlockingPublisher(
                params,
                queue,
                run.ledger,
                run.ids,
                run.failures,
                run.clock,
                Messages.PERSISTENT,
                BLOCKING_PUBLISHER_THREADS);
        BlockingConsumer consumer = new BlockingConsumer(params, queue, run.ledger, run.clock);
        try {
            FaultDriver driver = run.driver(List.of(publisher, consumer), RESTARTS, seed);
            publisher.start();
            consumer.start();
            result = driver.run(restart(downtimes), PER_RESTART);
            run.awaitEverythingConsumed(() -> readyMessages(queue));
        } finally {
            publisher.close();
            consumer.close();
        }
        deleteQueue(queue);
        run.verifyAndReport(
                "broker restart, BlockingConnection (downtime " + longest(downtimes) + ")", result, seed, false);
        assertThat(result.faults()).isEqualTo(RESTARTS);
    }

    private static String longest(List<Duration> downtimes) {
        synchronized (downtimes) {
            return downtimes.isEmpty()
                    ? "n/a"
                    : "up to " + ReliabilityReport.Row.formatDuration(Collections.max(downtimes));
        }
    }
}
