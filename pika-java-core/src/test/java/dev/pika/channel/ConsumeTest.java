package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.connection.ScriptedBroker;
import dev.pika.exceptions.DuplicateConsumerTagException;
import dev.pika.spec.Basic;
import dev.pika.spec.Connection.Tune;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Consumers, deliveries (content split anywhere), cancels from either side. */
class ConsumeTest {

    private record Delivery(Channel channel, Basic.Deliver method, BasicProperties properties, byte[] body) {}

    private final List<Delivery> deliveries = new ArrayList<>();

    private static ScriptedBroker openBroker(boolean splitEveryByte) {
        // a small frame_max so that bodies span several body frames
        ScriptedBroker broker = ScriptedBroker.connected().open(new Tune(2047, 4096, 0));
        return splitEveryByte ? broker.splitEveryByte() : broker;
    }

    private String consume(ScriptedBroker broker, Channel channel) {
        String tag = channel.basicConsume(
                "q", (ch, method, properties, body) -> deliveries.add(new Delivery(ch, method, properties, body)));
        Basic.Consume consume = broker.expect(channel.channelNumber(), Basic.Consume.class);
        assertThat(consume.consumerTag()).isEqualTo(tag);
        broker.send(channel.channelNumber(), new Basic.ConsumeOk(tag));
        return tag;
    }

    @Test
    void basicConsumeSendsPikasDefaultsAndAGeneratedTag() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        List<Basic.ConsumeOk> consumeOks = new ArrayList<>();
        String tag = channel.basicConsume(
                "orders", (ch, m, p, b) -> {}, true, true, null, Map.of("x-priority", 5), consumeOks::add);

        assertThat(tag).matches("ctag1\\.[0-9a-f]{32}");
        Basic.Consume consume = broker.expect(1, Basic.Consume.class);
        assertThat(consume.queue()).isEqualTo("orders");
        assertThat(consume.noAck()).isTrue();
        assertThat(consume.exclusive()).isTrue();
        assertThat(consume.nowait()).isFalse();
        assertThat(consume.arguments()).isEqualTo(Map.of("x-priority", 5));
        broker.send(1, new Basic.ConsumeOk(tag));
        assertThat(consumeOks).containsExactly(new Basic.ConsumeOk(tag));
        assertThat(channel.consumerTags()).containsExactly(tag);
    }

    @Test
    void theFutureFormCompletesWithConsumeOk() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        CompletableFuture<Basic.ConsumeOk> future = channel.basicConsumeFuture("q", (ch, m, p, b) -> {});
        Basic.Consume consume = broker.expect(1, Basic.Consume.class);
        broker.send(1, new Basic.ConsumeOk(consume.consumerTag()));

        assertThat(future.join().consumerTag()).isEqualTo(consume.consumerTag());
    }

    @Test
    void aTagInUseIsADuplicate() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        channel.basicConsume("q", (ch, m, p, b) -> {}, false, false, "mine", null);

        assertThatThrownBy(() -> channel.basicConsume("q2", (ch, m, p, b) -> {}, false, false, "mine", null))
                .isInstanceOf(DuplicateConsumerTagException.class)
                .hasMessageContaining("mine");
    }

    @Test
    void deliveriesSplitAtEveryByteReachTheConsumerByteExact() {
        ScriptedBroker broker = openBroker(true);
        Channel channel = broker.openChannel();
        String tag = consume(broker, channel);
        byte[] large = new byte[10_000];
        Arrays.fill(large, (byte) 7);
        large[9_999] = 9;
        BasicProperties properties = BasicProperties.builder()
                .contentType("application/octet-stream")
                .headers(Map.of("k", "v"))
                .timestamp(Instant.ofEpochSecond(1_700_000_000))
                .build();

        broker.sendContent(1, new Basic.Deliver(tag, 1, false, "ex", "rk"), properties, large);
        broker.sendContent(1, new Basic.Deliver(tag, 2, true, "ex", "rk"), BasicProperties.EMPTY, new byte[0]);

        assertThat(deliveries).hasSize(2);
        Delivery first = deliveries.get(0);
        assertThat(first.channel()).isSameAs(channel);
        assertThat(first.method().deliveryTag()).isEqualTo(1);
        assertThat(first.method().routingKey()).isEqualTo("rk");
        assertThat(first.properties()).isEqualTo(properties);
        assertThat(first.body()).isEqualTo(large);
        assertThat(deliveries.get(1).method().redelivered()).isTrue();
        assertThat(deliveries.get(1).body()).isEmpty();
    }

    @Test
    void manyDeliveriesInOneReadArriveInOrder() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        String tag = consume(broker, channel);
        for (int i = 1; i <= 50; i++) {
            broker.queueContent(
                    1, new Basic.Deliver(tag, i, false, "", "q"), BasicProperties.EMPTY, new byte[] {(byte) i});
        }
        broker.flush();

        assertThat(deliveries).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(deliveries.get(i).method().deliveryTag()).isEqualTo(i + 1);
            assertThat(deliveries.get(i).body()).containsExactly((byte) (i + 1));
        }
    }

    @Test
    void consumersOnSeveralChannelsGetTheirOwnMessages() {
        ScriptedBroker broker = openBroker(false);
        Channel one = broker.openChannel();
        Channel two = broker.openChannel();
        String tagOne = consume(broker, one);
        String tagTwo = consume(broker, two);
        broker.queueContent(2, new Basic.Deliver(tagTwo, 1, false, "", "q"), BasicProperties.EMPTY, new byte[] {2});
        broker.queueContent(1, new Basic.Deliver(tagOne, 1, false, "", "q"), BasicProperties.EMPTY, new byte[] {1});
        broker.flush();

        assertThat(deliveries).extracting(d -> d.channel().channelNumber()).containsExactly(2, 1);
        assertThat(deliveries).extracting(d -> d.body()[0]).containsExactly((byte) 2, (byte) 1);
    }

    @Test
    void theConsumerAcksWithPreEncodedFrames() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        String tag = channel.basicConsume("q", (ch, method, properties, body) -> ch.basicAck(method.deliveryTag()));
        broker.expect(1, Basic.Consume.class);
        broker.send(1, new Basic.ConsumeOk(tag));
        broker.sendContent(1, new Basic.Deliver(tag, 42, false, "", "q"), BasicProperties.EMPTY, new byte[] {1});
        channel.basicNack(43, true, false);
        channel.basicReject(44, false);

        assertThat(broker.expect(1, Basic.Ack.class)).isEqualTo(new Basic.Ack(42, false));
        assertThat(broker.expect(1, Basic.Nack.class)).isEqualTo(new Basic.Nack(43, true, false));
        assertThat(broker.expect(1, Basic.Reject.class)).isEqualTo(new Basic.Reject(44, false));
    }

    @Test
    void cancelStopsTheConsumerAndLateDeliveriesAreRequeued() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        String tag = consume(broker, channel);
        CompletableFuture<Basic.CancelOk> cancelled = channel.basicCancel(tag);
        Basic.Cancel cancel = broker.expect(1, Basic.Cancel.class);
        assertThat(cancel.nowait()).isFalse();

        broker.sendContent(1, new Basic.Deliver(tag, 5, false, "", "q"), BasicProperties.EMPTY, new byte[] {1});
        assertThat(deliveries).isEmpty();
        assertThat(broker.expect(1, Basic.Reject.class)).isEqualTo(new Basic.Reject(5, true));

        broker.send(1, new Basic.CancelOk(tag));
        assertThat(cancelled.join().consumerTag()).isEqualTo(tag);
        assertThat(channel.consumerTags()).isEmpty();
    }

    @Test
    void cancelWithoutCallbackIsNowait() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        String tag = consume(broker, channel);
        channel.basicCancel(tag, null);

        assertThat(broker.expect(1, Basic.Cancel.class).nowait()).isTrue();
        assertThat(channel.consumerTags()).isEmpty();
    }

    @Test
    void cancellingAnUnknownConsumerDoesNothing() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        CompletableFuture<Basic.CancelOk> future = channel.basicCancel("nobody");

        broker.expectNothing();
        assertThat(future.join().consumerTag()).isEqualTo("nobody");
    }

    @Test
    void aBrokerCancelRemovesTheConsumerAndCallsTheCancelCallbacks() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        List<Basic.Cancel> cancels = new ArrayList<>();
        channel.addOnCancelCallback(cancels::add);
        String tag = consume(broker, channel);

        broker.send(1, new Basic.Cancel(tag, true));

        assertThat(cancels).containsExactly(new Basic.Cancel(tag, true));
        assertThat(channel.consumerTags()).isEmpty();
        broker.expectNothing();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aThrowingConsumerDoesNotStopTheNextDeliveries() {
        ScriptedBroker broker = openBroker(false);
        Channel channel = broker.openChannel();
        List<Long> seen = new ArrayList<>();
        String tag = channel.basicConsume("q", (ch, method, properties, body) -> {
            seen.add(method.deliveryTag());
            throw new IllegalStateException("application bug");
        });
        broker.expect(1, Basic.Consume.class);
        broker.send(1, new Basic.ConsumeOk(tag));
        broker.queueContent(1, new Basic.Deliver(tag, 1, false, "", "q"), BasicProperties.EMPTY, new byte[0]);
        broker.queueContent(1, new Basic.Deliver(tag, 2, false, "", "q"), BasicProperties.EMPTY, new byte[0]);
        broker.flush();

        assertThat(seen).containsExactly(1L, 2L);
        assertThat(broker.connection.isOpen()).isTrue();
    }
}
