package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.spec.Basic;
import dev.pika.spec.Exchange;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rest of BlockingChannel's method set against a real broker: exchanges, bindings (exchange-to-exchange on
 * RabbitMQ), purge and delete with their counts; qos, nack, reject and recover; transactions; flow.
 */
@PikaIntegrationTest
class BlockingChannelOperationsIT {

    private static BlockingConnection connect(TestBroker broker) {
        return new BlockingConnection(ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("conn"))
                .build());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The queue's ready messages. */
    private static long depth(BlockingChannel channel, String queue) {
        return channel.queueDeclare(queue, true, false, false, false, null).messageCount();
    }

    /** Waits until the queue holds {@code count} ready messages (the broker enqueues asynchronously). */
    private static void awaitDepth(BlockingChannel channel, String queue, long count) {
        Await.until(queue + " holds " + count + " messages", () -> depth(channel, queue) == count);
    }

    @Test
    void exchangesBindingsPurgeAndDelete(TestBroker broker) {
        String source = broker.name("source");
        String destination = broker.name("destination");
        String queue = broker.name("queue");
        try (BlockingConnection connection = connect(broker)) {
            BlockingChannel channel = connection.channel();
            assertThat(channel.exchangeDeclare(destination, "fanout")).isEqualTo(Exchange.DeclareOk.INSTANCE);
            assertThat(channel.queueDeclare(queue).queue()).isEqualTo(queue);
            assertThat(channel.queueBind(queue, destination)).isEqualTo(Queue.BindOk.INSTANCE);
            for (int i = 0; i < 3; i++) {
                channel.basicPublish(destination, "any", utf8("direct-" + i));
            }
            int expected = 3;
            if (broker.isRabbitMq()) {
                channel.exchangeDeclare(source, "topic", false, false, false, false, null);
                assertThat(channel.exchangeBind(destination, source, "a.#", null))
                        .isEqualTo(Exchange.BindOk.INSTANCE);
                channel.basicPublish(source, "a.b", utf8("through-source"));
                channel.basicPublish(source, "b.a", utf8("not-routed"));
                expected++;
            }
            awaitDepth(channel, queue, expected);
            assertThat(channel.queuePurge(queue).messageCount()).isEqualTo(expected);

            if (broker.isRabbitMq()) {
                assertThat(channel.exchangeUnbind(destination, source, "a.#", null))
                        .isEqualTo(Exchange.UnbindOk.INSTANCE);
                channel.basicPublish(source, "a.b", utf8("after-unbind"));
                assertThat(channel.exchangeDelete(source)).isEqualTo(Exchange.DeleteOk.INSTANCE);
            }
            assertThat(channel.queueUnbind(queue, destination)).isEqualTo(Queue.UnbindOk.INSTANCE);
            channel.basicPublish(destination, "any", utf8("after-unbind"));
            assertThat(depth(channel, queue)).isZero();
            assertThat(channel.exchangeDelete(destination, false)).isEqualTo(Exchange.DeleteOk.INSTANCE);

            channel.basicPublish("", queue, utf8("left"));
            awaitDepth(channel, queue, 1);
            assertThat(channel.queueDelete(queue).messageCount()).isEqualTo(1);
        }
    }

    @Test
    void qosNackRejectAndRecover(TestBroker broker) {
        String queue = broker.name("queue");
        try (BlockingConnection connection = connect(broker)) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            for (int i = 0; i < 3; i++) {
                channel.basicPublish("", queue, utf8("m" + i));
            }
            channel.basicQos(0, 10, false);
            List<Delivery> first = new ArrayList<>();
            for (Delivery delivery : channel.consume(queue, Duration.ofSeconds(5))) {
                assertThat(delivery.isEmpty()).as("three messages within 5 s").isFalse();
                first.add(delivery);
                if (first.size() == 3) {
                    break;
                }
            }
            assertThat(first).noneMatch(delivery -> delivery.method().redelivered());
            channel.basicNack(first.get(0).deliveryTag(), false, true);
            channel.basicReject(first.get(1).deliveryTag(), true);
            List<String> redelivered = new ArrayList<>();
            for (Delivery delivery : channel.consume(queue, Duration.ofSeconds(5))) {
                assertThat(delivery.isEmpty()).as("two redeliveries within 5 s").isFalse();
                assertThat(delivery.method().redelivered()).isTrue();
                redelivered.add(new String(delivery.body(), StandardCharsets.UTF_8));
                channel.basicAck(delivery.deliveryTag());
                if (redelivered.size() == 2) {
                    break;
                }
            }
            assertThat(redelivered).containsExactlyInAnyOrder("m0", "m1");
            // The acknowledgements go out before the recover: only the third is still unacknowledged.
            channel.basicRecover(true);
            for (Delivery delivery : channel.consume(queue, Duration.ofSeconds(5))) {
                assertThat(delivery.isEmpty())
                        .as("the recovered message within 5 s")
                        .isFalse();
                assertThat(delivery.method().redelivered()).isTrue();
                assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo("m2");
                channel.basicAck(delivery.deliveryTag());
                break;
            }
            assertThat(channel.cancel()).isZero();
            awaitDepth(channel, queue, 0);
            assertThat(channel.flow(true)).isTrue();
            channel.queueDelete(queue);
        }
    }

    @Test
    void transactionsCommitAndRollBack(TestBroker broker) {
        String queue = broker.name("queue");
        try (BlockingConnection connection = connect(broker)) {
            BlockingChannel setup = connection.channel();
            setup.queueDeclare(queue);
            BlockingChannel channel = connection.channel();
            assertThat(channel.txSelect()).isEqualTo(Tx.SelectOk.INSTANCE);
            channel.basicPublish("", queue, utf8("rolled back"));
            assertThat(channel.txRollback()).isEqualTo(Tx.RollbackOk.INSTANCE);
            assertThat(depth(setup, queue)).isZero();
            channel.basicPublish("", queue, utf8("committed"));
            assertThat(channel.txCommit()).isEqualTo(Tx.CommitOk.INSTANCE);
            awaitDepth(setup, queue, 1);
            Basic.GetOk got = setup.basicGet(queue, true).method();
            assertThat(got).isNotNull();
            setup.queueDelete(queue);
        }
    }
}
