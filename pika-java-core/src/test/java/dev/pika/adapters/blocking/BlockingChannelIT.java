package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.channel.GetResult;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocking API against a real broker: declare, publish, get, consume with callbacks and with the iterator. */
@PikaIntegrationTest
class BlockingChannelIT {

    static ConnectionParameters parameters(TestBroker broker, String name) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(name)
                .build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishGetConsumeAndIterate(TestBroker broker) {
        String queue = broker.name("queue");
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("conn")));
                BlockingChannel channel = connection.channel()) {
            Queue.DeclareOk declared = channel.queueDeclare(queue);
            assertThat(declared.queue()).isEqualTo(queue);

            byte[] body = utf8("one");
            channel.basicPublish(
                    "", queue, body, BasicProperties.builder().messageId("m1").build());
            body[0] = 'X'; // the publish copied it
            GetResult got = channel.basicGet(queue);
            for (int i = 0; i < 50 && got.isEmpty(); i++) {
                connection.sleep(Duration.ofMillis(20));
                got = channel.basicGet(queue);
            }
            assertThat(got.isEmpty()).isFalse();
            assertThat(got.body()).isEqualTo(utf8("one"));
            assertThat(got.properties().messageId()).isEqualTo("m1");
            channel.basicAck(got.method().deliveryTag());

            for (int i = 0; i < 3; i++) {
                channel.basicPublish("", queue, utf8("c" + i));
            }
            List<String> received = new ArrayList<>();
            channel.basicConsume(queue, (ch, method, properties, payload) -> {
                received.add(new String(payload, StandardCharsets.UTF_8));
                ch.basicAck(method.deliveryTag());
                if (received.size() == 3) {
                    ch.stopConsuming();
                }
            });
            channel.startConsuming();
            assertThat(received).containsExactly("c0", "c1", "c2");
            assertThat(channel.consumerTags()).isEmpty();

            for (int i = 0; i < 3; i++) {
                channel.basicPublish("", queue, utf8("g" + i));
            }
            List<String> iterated = new ArrayList<>();
            for (Delivery delivery : channel.consume(queue, Duration.ofMillis(500))) {
                if (delivery.isEmpty()) {
                    break;
                }
                iterated.add(new String(delivery.body(), StandardCharsets.UTF_8));
                channel.basicAck(delivery.deliveryTag());
            }
            assertThat(iterated).containsExactly("g0", "g1", "g2");
            assertThat(channel.cancel()).isZero();
            assertThat(channel.queueDelete(queue).messageCount()).isZero();
        }
    }

    @Test
    @RequiresRabbitMq("an unroutable mandatory publish is returned, then acked (Qpid Broker-J nacks it)")
    void confirmModeThrowsUnroutable(TestBroker broker) {
        String queue = broker.name("queue");
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            channel.confirmDelivery();
            channel.basicPublish("", queue, utf8("confirmed"), null, true);
            assertThatThrownBy(() -> channel.basicPublish("", broker.name("nowhere"), utf8("lost"), null, true))
                    .isInstanceOf(UnroutableException.class);
            assertThat(channel.queueDeclare(queue, true, false, false, false, null)
                            .messageCount())
                    .isEqualTo(1);
            channel.queueDelete(queue);
        }
    }

    @Test
    void brokerChannelCloseIsThrownOnceThenWrongState(TestBroker broker) {
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = connection.channel();
            assertThatThrownBy(() -> channel.queueDeclare(broker.name("missing"), true, false, false, false, null))
                    .isInstanceOfSatisfying(
                            ChannelClosedByBrokerException.class,
                            e -> assertThat(e.replyCode()).isEqualTo(404));
            assertThat(channel.isClosed()).isTrue();
            assertThatThrownBy(() -> channel.queueDeclare(broker.name("other")))
                    .isInstanceOf(ChannelWrongStateException.class);
            BlockingChannel second = connection.channel();
            assertThat(second.isOpen()).isTrue();
        }
    }
}
