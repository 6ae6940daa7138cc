package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.connection.Futures;
import dev.pika.connection.ScriptedBroker;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.MethodNotImplementedException;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.ReturnedMessage;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Basic;
import dev.pika.spec.Confirm;
import dev.pika.spec.Connection.Open;
import dev.pika.spec.Connection.OpenOk;
import dev.pika.spec.Connection.Start;
import dev.pika.spec.Connection.StartOk;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Connection.TuneOk;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Publisher confirms through the channel: sequence numbers, acks and nacks in any order, returns, failures. */
class ConfirmTest {

    private final ScriptedBroker broker = ScriptedBroker.connected().open();
    private final Channel channel = broker.openChannel();
    private final List<Method> confirms = new ArrayList<>();

    private void confirmMode() {
        channel.confirmDelivery(confirms::add, ok -> {});
        assertThat(broker.expect(1, Confirm.Select.class).nowait()).isFalse();
        broker.send(1, Confirm.SelectOk.INSTANCE);
    }

    private CompletableFuture<Void> publishConfirmed(String routingKey, boolean mandatory) {
        CompletableFuture<Void> future =
                channel.basicPublishConfirmed("", routingKey, routingKey.getBytes(), null, mandatory);
        broker.expectContent(1, Basic.Publish.class);
        return future;
    }

    private void returnMessage(String routingKey) {
        broker.sendContent(
                1, new Basic.Return(312, "NO_ROUTE", "", routingKey), BasicProperties.EMPTY, routingKey.getBytes());
    }

    @Test
    void publishesAreNumberedFromOneInConfirmMode() {
        assertThat(channel.basicPublish("", "q", new byte[0])).isZero();
        broker.expectContent(1, Basic.Publish.class);
        assertThat(channel.isConfirmMode()).isFalse();
        confirmMode();
        assertThat(channel.isConfirmMode()).isTrue();

        assertThat(channel.basicPublish("", "q", new byte[0])).isEqualTo(1);
        assertThat(channel.basicPublish("", "q", new byte[0])).isEqualTo(2);
        assertThat(channel.nextPublishSequenceNumber()).isEqualTo(3);
        assertThat(channel.pendingConfirmCount()).isEqualTo(2);
    }

    @Test
    void acksAndNacksInAnyOrderReachThePikaStyleCallback() {
        confirmMode();
        for (int i = 0; i < 6; i++) {
            channel.basicPublish("", "q", new byte[] {(byte) i});
        }
        broker.send(1, new Basic.Ack(3, false));
        broker.send(1, new Basic.Nack(1, false, false));
        broker.send(1, new Basic.Ack(5, true));
        assertThat(channel.pendingConfirmCount()).isEqualTo(1);
        broker.send(1, new Basic.Ack(6, false));

        assertThat(confirms)
                .containsExactly(
                        new Basic.Ack(3, false),
                        new Basic.Nack(1, false, false),
                        new Basic.Ack(5, true),
                        new Basic.Ack(6, false));
        assertThat(channel.pendingConfirmCount()).isZero();
    }

    @Test
    void confirmedPublishesSettleOneByOneOrWithMultiple() {
        confirmMode();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            futures.add(publishConfirmed("q" + i, false));
        }

        broker.send(1, new Basic.Ack(4, false));
        assertThat(futures.get(3)).isCompleted();
        assertThat(futures.subList(0, 3)).allSatisfy(f -> assertThat(f).isNotDone());

        broker.send(1, new Basic.Nack(2, false, false));
        assertThat(Futures.failure(futures.get(1)))
                .isInstanceOfSatisfying(
                        NackException.class,
                        e -> assertThat(e.messages())
                                .containsExactly(
                                        new ReturnedMessage("", "q2", BasicProperties.EMPTY, "q2".getBytes())));

        broker.send(1, new Basic.Ack(5, true));
        assertThat(futures.get(0)).isCompleted().isNotCompletedExceptionally();
        assertThat(futures.get(2)).isCompleted().isNotCompletedExceptionally();
        assertThat(futures.get(4)).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aMultipleNackFailsEveryPendingPublishItCovers() {
        confirmMode();
        CompletableFuture<Void> one = publishConfirmed("a", false);
        CompletableFuture<Void> two = publishConfirmed("b", false);
        CompletableFuture<Void> three = publishConfirmed("c", false);

        broker.send(1, new Basic.Nack(0, true, false)); // tag 0 with multiple: everything outstanding

        assertThat(List.of(one, two, three))
                .allSatisfy(f -> assertThat(Futures.failure(f)).isInstanceOf(NackException.class));
    }

    private CompletableFuture<Void> publishConfirmed(String routingKey, byte[] body, BasicProperties properties) {
        CompletableFuture<Void> future = channel.basicPublishConfirmed("", routingKey, body, properties, true);
        broker.expectContent(1, Basic.Publish.class);
        return future;
    }

    private void returnMessage(String routingKey, byte[] body, BasicProperties properties) {
        broker.sendContent(1, new Basic.Return(312, "NO_ROUTE", "", routingKey), properties, body);
    }

    @Test
    void aReturnFailsTheFutureOfTheMessageItCarriesWhateverTheConfirmationsSay() {
        confirmMode();
        CompletableFuture<Void> routable = publishConfirmed("x", new byte[] {1}, BasicProperties.EMPTY);
        CompletableFuture<Void> unroutable = publishConfirmed("x", new byte[] {2}, BasicProperties.EMPTY);

        // RabbitMQ coalesces confirmations: the frame after the return may well confirm another publish to "x"
        returnMessage("x", new byte[] {2}, BasicProperties.EMPTY);
        broker.send(1, new Basic.Ack(1, false));
        assertThat(routable).isCompleted().isNotCompletedExceptionally();
        assertThat(unroutable).isNotDone();
        broker.send(1, new Basic.Ack(2, false));

        assertThat(Futures.failure(unroutable))
                .isInstanceOfSatisfying(
                        UnroutableException.class,
                        e -> assertThat(e.messages()).singleElement().satisfies(m -> {
                            assertThat(m.routingKey()).isEqualTo("x");
                            assertThat(m.body()).containsExactly(2);
                        }));
    }

    @Test
    void aReturnInsideACoalescedMultipleAckIsStillItsOwn() {
        confirmMode();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            futures.add(publishConfirmed(i == 12 ? "nowhere" : "q", new byte[] {(byte) i}, BasicProperties.EMPTY));
        }
        // seen from RabbitMQ 3.10: R12, A10 (multiple, queue confirms), A12, then A11
        returnMessage("nowhere", new byte[] {12}, BasicProperties.EMPTY);
        broker.send(1, new Basic.Ack(10, true));
        broker.send(1, new Basic.Ack(12, false));
        broker.send(1, new Basic.Ack(11, false));

        for (int i = 0; i < 11; i++) {
            assertThat(futures.get(i)).as("publish %s", i + 1).isCompleted().isNotCompletedExceptionally();
        }
        assertThat(Futures.failure(futures.get(11))).isInstanceOf(UnroutableException.class);
    }

    @Test
    void propertiesTellApartMessagesWithTheSameBody() {
        confirmMode();
        BasicProperties first = BasicProperties.builder().messageId("1").build();
        BasicProperties second = BasicProperties.builder().messageId("2").build();
        CompletableFuture<Void> one = publishConfirmed("x", new byte[] {7}, first);
        CompletableFuture<Void> two = publishConfirmed("x", new byte[] {7}, second);

        returnMessage(
                "x", new byte[] {7}, BasicProperties.builder().messageId("2").build());
        broker.send(1, new Basic.Ack(2, true));

        assertThat(one).isCompleted().isNotCompletedExceptionally();
        assertThat(Futures.failure(two)).isInstanceOf(UnroutableException.class);
    }

    @Test
    void propertiesAreComparedAsTheyTravelOnTheWire() {
        confirmMode();
        Map<String, Object> headers = Map.of("when", new java.util.Date(1_700_000_000_000L), "raw", new byte[] {1, 2});
        CompletableFuture<Void> future = publishConfirmed(
                "x", new byte[] {7}, BasicProperties.builder().headers(headers).build());
        // the broker sends the headers back as the client decodes them: a timestamp (Instant) and a byte array
        returnMessage(
                "x",
                new byte[] {7},
                BasicProperties.builder()
                        .headers(Map.of(
                                "when", java.time.Instant.ofEpochSecond(1_700_000_000L), "raw", new byte[] {1, 2}))
                        .build());
        broker.send(1, new Basic.Ack(1, false));

        assertThat(Futures.failure(future)).isInstanceOf(UnroutableException.class);
    }

    @Test
    void aMandatoryBodyReusedByTheCallerIsStillMatchedToItsReturn() {
        confirmMode();
        byte[] reused = {7};
        CompletableFuture<Void> returned = publishConfirmed("x", reused, BasicProperties.EMPTY);
        reused[0] = 8; // the application reuses its buffer at once
        CompletableFuture<Void> routed = publishConfirmed("x", reused, BasicProperties.EMPTY);

        returnMessage("x", new byte[] {7}, BasicProperties.EMPTY);
        broker.send(1, new Basic.Ack(2, true));

        assertThat(Futures.failure(returned))
                .isInstanceOfSatisfying(
                        UnroutableException.class,
                        e -> assertThat(e.messages().get(0).body()).containsExactly(7));
        assertThat(routed).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void identicalMessagesAreReturnedInPublishOrder() {
        confirmMode();
        CompletableFuture<Void> first = publishConfirmed("x", new byte[] {7}, BasicProperties.EMPTY);
        CompletableFuture<Void> second = publishConfirmed("x", new byte[] {7}, BasicProperties.EMPTY);
        CompletableFuture<Void> third = publishConfirmed("x", new byte[] {7}, BasicProperties.EMPTY);

        returnMessage("x", new byte[] {7}, BasicProperties.EMPTY);
        returnMessage("x", new byte[] {7}, BasicProperties.EMPTY);
        broker.send(1, new Basic.Ack(3, true));

        // byte-for-byte the same message: two copies were returned, one was routed
        assertThat(Futures.failure(first)).isInstanceOf(UnroutableException.class);
        assertThat(Futures.failure(second)).isInstanceOf(UnroutableException.class);
        assertThat(third).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aReturnThatMayBelongToAPlainPublishBlamesNoFuture() {
        confirmMode();
        channel.basicPublish("", "x", new byte[] {1}, null, true); // #1, plain: its content is not kept
        broker.expectContent(1, Basic.Publish.class);
        CompletableFuture<Void> confirmed = publishConfirmed("x", new byte[] {1}, BasicProperties.EMPTY);

        returnMessage("x", new byte[] {1}, BasicProperties.EMPTY);
        broker.send(1, new Basic.Ack(2, true));

        assertThat(confirmed).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aReturnedThenNackedMessageIsANack() {
        confirmMode();
        CompletableFuture<Void> future = publishConfirmed("x", true);
        returnMessage("x");
        broker.send(1, new Basic.Nack(1, false, false));

        assertThat(Futures.failure(future))
                .isInstanceOfSatisfying(
                        NackException.class,
                        e -> assertThat(e.messages().get(0).routingKey()).isEqualTo("x"));
    }

    @Test
    void nonMandatoryPublishesAreNeverBlamed() {
        confirmMode();
        CompletableFuture<Void> plain = publishConfirmed("x", false);
        returnMessage("x");
        broker.send(1, new Basic.Ack(1, false));

        assertThat(plain).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void theReturnCallbacksSeeEveryReturnWhateverItsAttribution() {
        List<String> returned = new ArrayList<>();
        channel.addOnReturnCallback((ch, method, properties, body) -> returned.add(method.routingKey()));
        confirmMode();
        publishConfirmed("x", true);
        returnMessage("x");
        broker.send(1, new Basic.Ack(1, false));

        assertThat(returned).containsExactly("x");
    }

    @Test
    void unconfirmedPublishesFailWithTheChannelsCloseReason() {
        confirmMode();
        CompletableFuture<Void> first = publishConfirmed("a", false);
        CompletableFuture<Void> second = publishConfirmed("b", true);
        broker.send(1, new dev.pika.spec.Channel.Close(406, "PRECONDITION_FAILED - unknown delivery tag", 60, 80));

        assertThat(List.of(first, second))
                .allSatisfy(f -> assertThat(Futures.failure(f))
                        .isInstanceOf(ChannelClosedByBrokerException.class)
                        .hasMessageContaining("PRECONDITION_FAILED"));
        assertThat(channel.pendingConfirmCount()).isZero();
    }

    @Test
    void confirmedPublishesNeedConfirmMode() {
        assertThatThrownBy(() -> channel.basicPublishConfirmed("", "q", new byte[0]))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("confirmDelivery");
    }

    @Test
    void confirmModeStartsWhenConfirmSelectIsOnTheWire() {
        channel.queueDeclare("q");
        channel.confirmDelivery(confirms::add);
        broker.expect(1, Queue.Declare.class);

        // Confirm.Select waits behind queue.declare: this publish reaches the broker outside confirm mode
        assertThat(channel.basicPublish("", "q", new byte[0])).isZero();
        assertThatThrownBy(() -> channel.basicPublishConfirmed("", "q", new byte[0]))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("waits behind");
        broker.expectContent(1, Basic.Publish.class);

        broker.send(1, new Queue.DeclareOk("q", 0, 0));
        broker.expect(1, Confirm.Select.class);
        assertThat(channel.basicPublish("", "q", new byte[0])).isEqualTo(1);
    }

    @Test
    void confirmDeliveryWithoutSelectOkCallbackIsNowait() {
        channel.confirmDelivery(confirms::add, null);

        assertThat(broker.expect(1, Confirm.Select.class).nowait()).isTrue();
        assertThat(channel.basicPublish("", "q", new byte[0])).isEqualTo(1);
    }

    @Test
    void theFutureFormOfConfirmDeliveryCompletesWithSelectOk() {
        CompletableFuture<Confirm.SelectOk> selected = channel.confirmDelivery();
        assertThat(broker.expect(1, Confirm.Select.class).nowait()).isFalse();
        broker.send(1, Confirm.SelectOk.INSTANCE);

        assertThat(selected).isCompletedWithValue(Confirm.SelectOk.INSTANCE);
    }

    @Test
    void aBrokerWithoutPublisherConfirmsRefusesConfirmMode() {
        ScriptedBroker plain = ScriptedBroker.connected();
        plain.next();
        plain.send(0, new Start(0, 9, Map.of(), "PLAIN", "en_US"));
        plain.expect(0, StartOk.class);
        plain.send(0, new Tune(0, 0, 0));
        plain.expect(0, TuneOk.class);
        plain.expect(0, Open.class);
        plain.send(0, new OpenOk(""));
        Channel other = plain.openChannel();

        assertThatThrownBy(other::confirmDelivery)
                .isInstanceOf(MethodNotImplementedException.class)
                .hasMessageContaining("Confirm.Select");
    }

    @Test
    void qpidBrokerJAnnouncesConfirmsInItsServerPropertiesInsteadOfCapabilities() {
        ScriptedBroker qpid = ScriptedBroker.connected();
        qpid.next();
        qpid.send(
                0,
                new Start(
                        0,
                        9,
                        Map.of("product", "Apache Qpid Broker-J Core", "qpid.confirmed_publish_supported", "true"),
                        "PLAIN",
                        "en_US"));
        qpid.expect(0, StartOk.class);
        qpid.send(0, new Tune(0, 0, 0));
        qpid.expect(0, TuneOk.class);
        qpid.expect(0, Open.class);
        qpid.send(0, new OpenOk(""));
        Channel other = qpid.openChannel();

        CompletableFuture<Confirm.SelectOk> selected = other.confirmDelivery();
        qpid.expect(other.channelNumber(), Confirm.Select.class);
        qpid.send(other.channelNumber(), Confirm.SelectOk.INSTANCE);

        assertThat(selected).isCompletedWithValue(Confirm.SelectOk.INSTANCE);
        assertThat(qpid.connection.publisherConfirmsSupported()).isTrue();
        assertThat(other.basicPublish("", "q", new byte[0])).isEqualTo(1);
    }

    @Test
    void aBufferBodyIsPublishedFromItsPositionAndANackCarriesACopyOfItsBytes() {
        confirmMode();
        ByteBuffer body = ByteBuffer.allocateDirect(8).put(new byte[] {0, 0, 1, 2, 3, 0, 0, 0});
        body.position(2).limit(5);
        CompletableFuture<Void> nacked = channel.basicPublishConfirmed("", "q", body, null, false);
        assertThat(broker.expectContent(1, Basic.Publish.class).body()).containsExactly(1, 2, 3);
        assertThat(body.position()).isEqualTo(2);
        assertThat(body.limit()).isEqualTo(5);
        CompletableFuture<Void> acked = channel.basicPublishConfirmed("", "q", body, null, false);
        broker.expectContent(1, Basic.Publish.class);

        broker.send(1, new Basic.Nack(1, false, false));
        body.put(2, (byte) 9); // after the nack: the exception holds its own copy
        broker.send(1, new Basic.Ack(2, false));

        assertThat(Futures.failure(nacked))
                .isInstanceOfSatisfying(
                        NackException.class,
                        e -> assertThat(e.messages().get(0).body()).containsExactly(1, 2, 3));
        assertThat(acked).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aMandatoryBufferBodyIsCopiedSoItsReturnIsMatchedAfterTheCallerReusedIt() {
        confirmMode();
        ByteBuffer reused = ByteBuffer.wrap(new byte[] {7});
        CompletableFuture<Void> returned = channel.basicPublishConfirmed("", "x", reused, null, true);
        broker.expectContent(1, Basic.Publish.class);
        reused.put(0, (byte) 8);
        CompletableFuture<Void> routed = channel.basicPublishConfirmed("", "x", reused, null, true);
        broker.expectContent(1, Basic.Publish.class);

        returnMessage("x", new byte[] {7}, BasicProperties.EMPTY);
        broker.send(1, new Basic.Ack(2, true));

        assertThat(Futures.failure(returned)).isInstanceOf(UnroutableException.class);
        assertThat(routed).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aPlainBufferPublishSendsTheRemainingBytesAndLeavesThePosition() {
        ByteBuffer body = ByteBuffer.wrap(new byte[] {4, 5, 6});
        body.position(1);
        assertThat(channel.basicPublish("", "q", body, null, false)).isZero();
        assertThat(broker.expectContent(1, Basic.Publish.class).body()).containsExactly(5, 6);
        assertThat(body.position()).isEqualTo(1);
    }

    @Test
    void aBufferPublishNeedsConfirmModeToo() {
        assertThatThrownBy(() -> channel.basicPublishConfirmed("", "q", ByteBuffer.allocate(1), null, false))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("confirmDelivery");
    }
}
