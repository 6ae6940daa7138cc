package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.DuplicateConsumerTagException;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consumers on a scripted peer: cancelling requeues what was not dispatched (or returns it for auto-ack), the consume
 * iterator's inactivity, waiting count and cancel, broker cancellations and broker channel closes.
 */
class ConsumerRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MiniBroker broker;
    private BlockingConnection connection;
    private BlockingChannel channel;

    @BeforeEach
    void connect() {
        broker = MiniBroker.start();
        connection = new BlockingConnection(broker.parameters());
        channel = connection.channel();
    }

    @AfterEach
    void close() {
        connection.close();
        broker.close();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Delivers and waits until the client has queued them for dispatch (routed, not dispatched). */
    private void deliver(String tag, int from, int to) {
        Dispatcher dispatcher = connection.dispatcher();
        long start = dispatcher.routedCount();
        for (int i = from; i <= to; i++) {
            broker.session().deliver(1, tag, i, body("m" + i));
        }
        Await.until("deliveries queued", () -> {
            dispatcher.drain();
            return dispatcher.routedCount() - start == to - from + 1;
        });
    }

    @Test
    void basicCancelRequeuesUndispatchedMessagesOfAManualAckConsumer() {
        List<Long> handled = new ArrayList<>();
        List<List<Delivery>> returned = new ArrayList<>();
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> {
            handled.add(method.deliveryTag());
            returned.add(ch.basicCancel(method.consumerTag()));
        });
        deliver(tag, 1, 3);
        channel.startConsuming();
        assertThat(handled).containsExactly(1L);
        assertThat(returned).containsExactly(List.of());
        assertThat(broker.await(Basic.Reject.class, 2, WAIT))
                .extracting(Basic.Reject::deliveryTag, Basic.Reject::requeue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, true), org.assertj.core.groups.Tuple.tuple(3L, true));
        assertThat(broker.framesOf(Basic.Cancel.class)).hasSize(1);
    }

    @Test
    void basicCancelReturnsUndispatchedMessagesOfAnAutoAckConsumer() {
        List<List<Delivery>> returned = new ArrayList<>();
        String tag = channel.basicConsume(
                "queue", (ch, method, properties, payload) -> returned.add(ch.basicCancel(method.consumerTag())), true);
        deliver(tag, 1, 3);
        channel.startConsuming();
        assertThat(returned).hasSize(1);
        assertThat(returned.get(0)).extracting(Delivery::deliveryTag).containsExactly(2L, 3L);
        assertThat(broker.framesOf(Basic.Reject.class)).isEmpty();
    }

    @Test
    void aDuplicateConsumerTagIsRefusedBeforeAnythingIsSent() {
        channel.basicConsume("queue", (ch, method, properties, payload) -> {}, false, false, "mine", null);
        assertThatThrownBy(() -> channel.basicConsume(
                        "queue", (ch, method, properties, payload) -> {}, false, false, "mine", null))
                .isInstanceOf(DuplicateConsumerTagException.class);
        assertThat(broker.framesOf(Basic.Consume.class)).hasSize(1);
    }

    @Test
    void theConsumeIteratorYieldsMessagesThenEmptyOnInactivityAndCancelRequeuesTheRest() {
        ConsumeIterable messages = channel.consume("queue", Duration.ofMillis(100));
        Iterator<Delivery> iterator = messages.iterator();
        assertThat(iterator.hasNext()).isTrue();
        assertThat(iterator.next().isEmpty()).as("inactivity").isTrue();
        String tag = messages.consumerTag();
        assertThat(channel.consumerTags()).containsExactly(tag);

        for (int i = 1; i <= 3; i++) {
            broker.session().deliver(1, tag, i, body("m" + i));
        }
        Delivery first = iterator.next();
        assertThat(first.deliveryTag()).isEqualTo(1L);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("m1");
        Await.until("two more wait", () -> channel.getWaitingMessageCount() == 2);
        assertThat(channel.consume("queue", Duration.ofMillis(100)).consumerTag())
                .as("the same parameters resume the iterator")
                .isEqualTo(tag);
        assertThatThrownBy(() -> channel.consume("other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different parameters");

        assertThat(messages.cancel()).isEqualTo(2);
        assertThat(broker.await(Basic.Reject.class, 2, WAIT))
                .extracting(Basic.Reject::deliveryTag)
                .containsExactly(2L, 3L);
        assertThat(iterator.hasNext()).isFalse();
        assertThat(channel.getWaitingMessageCount()).isZero();
        assertThat(channel.consumerTags()).isEmpty();
    }

    @Test
    void aBrokerCancellationEndsTheIteratorAndStartConsuming() {
        ConsumeIterable messages = channel.consume("queue");
        broker.session().deliver(1, messages.consumerTag(), 1, body("last"));
        broker.session().send(1, new Basic.Cancel(messages.consumerTag(), true));
        List<String> iterated = new ArrayList<>();
        for (Delivery delivery : messages) {
            iterated.add(new String(delivery.body(), StandardCharsets.UTF_8));
        }
        assertThat(iterated).containsExactly("last");
        assertThat(channel.consumerTags()).isEmpty();

        List<Basic.Cancel> cancels = new ArrayList<>();
        channel.addOnCancelCallback(cancels::add);
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> {});
        broker.session().send(1, new Basic.Cancel(tag, true));
        channel.startConsuming();
        assertThat(cancels).extracting(Basic.Cancel::consumerTag).containsExactly(tag);
        assertThat(channel.consumerTags()).isEmpty();
    }

    @Test
    void aBrokerChannelCloseEndsStartConsumingWithItsReasonOnce() {
        List<String> handled = new ArrayList<>();
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> handled.add("m"));
        broker.session().deliver(1, tag, 1, body("m1"));
        broker.session().send(1, new Channel.Close(406, "PRECONDITION_FAILED - unknown delivery tag 9", 60, 80));
        assertThatThrownBy(channel::startConsuming).isInstanceOfSatisfying(ChannelClosedByBrokerException.class, e -> {
            assertThat(e.replyCode()).isEqualTo(406);
            assertThat(e.replyText()).contains("unknown delivery tag");
        });
        assertThat(channel.isClosed()).isTrue();
        assertThat(channel.consumerTags()).isEmpty();
        assertThatThrownBy(channel::startConsuming).isInstanceOf(ChannelWrongStateException.class);
        assertThatThrownBy(() -> channel.basicAck(1)).isInstanceOf(ChannelWrongStateException.class);
        assertThat(broker.await(Channel.CloseOk.class, WAIT)).isNotNull();
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.channel().queueDeclare("still-usable").queue()).isEqualTo("still-usable");
    }

    @Test
    void anAcknowledgementRacingACloseTheApplicationHasNotSeenIsDroppedAndRefusedOnceSeen() {
        channel.basicConsume("queue", (ch, method, properties, payload) -> {});
        broker.session().send(1, new Channel.Close(406, "PRECONDITION_FAILED - test", 60, 80));
        Await.until("the channel closes on the I/O thread", channel::isClosed);
        // The application has not processed the close: Pika's `if (channel.isOpen()) channel.basicAck(tag)` raced it.
        channel.basicAck(1);
        channel.basicNack(2);
        channel.basicReject(3);
        connection.processDataEvents(Duration.ZERO); // dispatches the close
        assertThatThrownBy(() -> channel.basicAck(4)).isInstanceOf(ChannelWrongStateException.class);
        assertThat(broker.framesOf(Basic.Ack.class)).isEmpty();
        assertThat(broker.framesOf(Basic.Nack.class)).isEmpty();
        assertThat(broker.framesOf(Basic.Reject.class)).isEmpty();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void anAcknowledgementRacingALostConnectionIsDroppedAndRefusedOnceTheLossIsSeen() {
        channel.basicConsume("queue", (ch, method, properties, payload) -> {});
        broker.session().drop();
        Await.until("the connection is lost", connection::isClosed);
        channel.basicAck(1);
        assertThatThrownBy(() -> connection.processDataEvents(Duration.ZERO))
                .isInstanceOf(dev.pika.exceptions.StreamLostException.class);
        assertThatThrownBy(() -> channel.basicAck(1)).isInstanceOf(ChannelWrongStateException.class);
    }

    @Test
    void closingTheChannelCancelsItsConsumersAndRequeuesTheirUndispatchedMessages() {
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> {});
        deliver(tag, 1, 2);
        channel.close();
        assertThat(channel.isClosed()).isTrue();
        assertThat(broker.await(Basic.Reject.class, 2, WAIT))
                .extracting(Basic.Reject::deliveryTag)
                .containsExactly(1L, 2L);
        assertThat(broker.framesOf(Basic.Cancel.class)).hasSize(1);
        assertThat(broker.framesOf(Channel.Close.class)).hasSize(1);
        channel.close(); // closing again is a no-op for AutoCloseable
        assertThatThrownBy(() -> channel.close(0, "again")).isInstanceOf(ChannelWrongStateException.class);
    }
}
