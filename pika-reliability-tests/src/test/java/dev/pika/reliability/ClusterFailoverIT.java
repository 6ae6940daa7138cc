package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqCluster;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqCluster.ClusterFormationException;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three RabbitMQ nodes of the test's own on this machine form a cluster; a quorum queue lives on all three. A
 * publisher (confirms) and a manual-ack consumer are given the three addresses ({@code new BlockingConnection(list)},
 * Pika's failover); both reach the first node. Then the node they are connected to stops ({@code stop_app}): both
 * fail over to another node and carry on, and every confirmed message is consumed (lost = 0).
 *
 * <p>Skipped, with the reason printed, when RabbitMQ is not installed or the cluster does not form within {@link
 * #FORMATION_BOUND}. {@code -Dpika.reliability.cluster.messages} (default 3,000).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterFailoverIT {

    static final long MESSAGES = Long.getLong("pika.reliability.cluster.messages", 3_000);

    /** Three nodes started in parallel and joined, on a loaded 2-core machine. */
    static final Duration FORMATION_BOUND = Duration.ofMinutes(3);

    /** Publishing, failing over and draining. */
    private static final Duration RUN_BOUND = Duration.ofMinutes(2);

    private static LocalRabbitMqCluster cluster;

    @BeforeAll
    static void formCluster() {
        String reason = LocalRabbitMqNode.unavailableReason();
        assumeTrue(reason == null, () -> "needs a RabbitMQ installation for a cluster of its own: " + reason);
        long started = System.nanoTime();
        try {
            cluster = LocalRabbitMqCluster.start("cluster", 3, FORMATION_BOUND);
        } catch (ClusterFormationException e) {
            System.out.println("[pika-reliability] ClusterFailoverIT skipped: " + e.getMessage());
            assumeTrue(false, () -> "the 3-node cluster did not form on this machine: " + e.getMessage());
        }
        System.out.println("[pika-reliability] cluster of 3 formed in "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s: " + cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ConnectionParameters address(LocalRabbitMqNode node, String name) {
        return ConnectionParameters.builder()
                .host(node.host())
                .port(node.amqpPort())
                .connectionName(name)
                .connectionAttempts(5)
                .retryDelay(Duration.ofMillis(500))
                .socketTimeout(Duration.ofSeconds(5))
                .heartbeat(Duration.ofSeconds(5))
                .build();
    }

    /** The three addresses, the first node first: the client connects there while it is up. */
    private static List<ConnectionParameters> addresses(String name) {
        List<ConnectionParameters> list = new ArrayList<>();
        for (LocalRabbitMqNode node : cluster.nodes()) {
            list.add(address(node, name));
        }
        return list;
    }

    @Test
    void stoppingTheConnectedNodeFailsOverToAnotherAndLosesNothing() throws Exception {
        List<LocalRabbitMqNode> nodes = cluster.nodes();
        LocalRabbitMqNode first = nodes.get(0);
        String queue = "cluster-failover-" + System.nanoTime();
        try (BlockingConnection admin = new BlockingConnection(address(first, "cluster-admin"))) {
            admin.channel().queueDeclare(queue, false, true, false, false, Map.of("x-queue-type", "quorum"));
        }
        Set<String> threadsBefore = PikaThreads.live();
        Ledger ledger = new Ledger();
        PublishFailures failures = new PublishFailures();
        FailoverPublisher publisher = new FailoverPublisher(
                addresses("cluster-publisher"), queue, MESSAGES, DeliveryRecorder.of(ledger), failures, 0);
        FailoverConsumer consumer =
                new FailoverConsumer(addresses("cluster-consumer"), queue, DeliveryRecorder.of(ledger));
        long stoppedAt;
        try {
            publisher.start();
            consumer.start();
            Waits.until(
                    "a third of the messages confirmed through the first node",
                    () -> ledger.confirmedCount() >= MESSAGES / 3,
                    RUN_BOUND,
                    () -> ledger.summary().toString());
            assertThat(publisher.connectedPort())
                    .as("publisher on the first node")
                    .isEqualTo(first.amqpPort());
            stoppedAt = System.nanoTime();
            first.ctl().stopApp();
            Waits.until(
                    "every message confirmed after the failover",
                    () -> publisher.done().isDone(),
                    RUN_BOUND,
                    () -> ledger.summary().toString());
            publisher.done().join();
            Waits.until(
                    "every confirmed message consumed",
                    ledger::allConfirmedConsumed,
                    RUN_BOUND,
                    () -> ledger.summary().toString());
            assertThat(publisher.connectedPort())
                    .as("the publisher now talks to another node")
                    .isIn(nodes.get(1).amqpPort(), nodes.get(2).amqpPort());
        } finally {
            publisher.close();
            consumer.close();
        }
        Duration failover = publisher.failoverTime();
        Ledger.Summary summary = ledger.summary();
        try (BlockingConnection admin = new BlockingConnection(address(nodes.get(1), "cluster-admin"))) {
            BlockingChannel channel = admin.channel();
            assertThat(channel.queueDeclare(queue, true, true, false, false, Map.of("x-queue-type", "quorum"))
                            .messageCount())
                    .as("nothing left ready in the queue")
                    .isZero();
            channel.queueDelete(queue);
        }
        String line = "cluster failover (stop_app of the connected node of 3, quorum queue), BlockingConnection: "
                + summary + "; failed back as " + failures + "; publisher connections " + publisher.connections()
                + ", consumer connections " + consumer.connections() + "; failover "
                + ReliabilityReport.Row.formatDuration(failover) + " after stop_app began "
                + Duration.ofNanos(System.nanoTime() - stoppedAt).toSeconds() + " s ago";
        System.out.println("[pika-reliability] " + line);
        ReliabilityReport.shared()
                .add(ReliabilityReport.Row.of(
                        "cluster failover: stop_app of the connected node (3 nodes, quorum queue), BlockingConnection",
                        1,
                        summary,
                        failover));

        assertThat(summary.lost()).as("lost; " + line).isZero();
        assertThat(summary.unresolved()).as("unresolved; " + line).isZero();
        assertThat(failures.untyped()).as("untyped failures; " + line).isZero();
        assertThat(summary.unflaggedDuplicates())
                .as("unflagged duplicates; " + line)
                .isZero();
        assertThat(publisher.connections()).as("the publisher reconnected").isGreaterThanOrEqualTo(2);
        assertThat(consumer.connections()).as("the consumer reconnected").isGreaterThanOrEqualTo(2);
        assertThat(consumer.unexpected())
                .as("consumer failures that were not AmqpExceptions")
                .isNull();
        PikaThreads.awaitNoneBut(threadsBefore, Waits.CLOSE_TIMEOUT);
    }
}
