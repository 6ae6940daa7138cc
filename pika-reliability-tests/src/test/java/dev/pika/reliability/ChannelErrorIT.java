package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.adapters.blocking.Delivery;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Basic;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channel-level errors stay on their channel: an ack of an unknown delivery tag and a queue declaration with
 * arguments that differ from the existing queue's each close only the offending channel, with 406
 * PRECONDITION_FAILED in a typed {@link ChannelClosedByBrokerException}; the connection, a sibling channel opened
 * before the error and a channel opened after it keep publishing and consuming. For both adapters.
 */
@PikaIntegrationTest
@RequiresRabbitMq("the reply codes and texts of channel errors are RabbitMQ's")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChannelErrorIT {

    private static final int PRECONDITION_FAILED = AmqpConstants.PRECONDITION_FAILED;

    TestBroker broker;

    private ConnectionParameters parameters(String hint) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name(hint))
                .build();
    }

    // ------------------------------------------------------------------------------------------------
    // SelectConnection

    @Test
    void selectAckOfAnUnknownDeliveryTagClosesOnlyThatChannelWith406() {
        try (SelectSession session = SelectSession.open(parameters("select-ack"))) {
            Channel sibling = session.channel();
            Channel offender = session.channel();
            CompletableFuture<AmqpException> offenderClosed = new CompletableFuture<>();
            session.run(() -> offender.addOnCloseCallback((ch, reason) -> offenderClosed.complete(reason)));

            session.run(() -> offender.basicAck(424_242));

            AmqpException reason = Waits.await("the offending channel closed", offenderClosed, SelectSession.TIMEOUT);
            assertThat(reason).isInstanceOfSatisfying(ChannelClosedByBrokerException.class, closed -> {
                assertThat(closed.replyCode()).isEqualTo(PRECONDITION_FAILED);
                assertThat(closed.replyText()).containsIgnoringCase("unknown delivery tag");
            });
            assertSelectKeepsWorking(session, sibling);
            report("channel error: ack of unknown tag, SelectConnection");
        }
    }

    @Test
    void selectDeclareWithMismatchedArgumentsClosesOnlyThatChannelWith406() {
        String queue = broker.name("declared");
        try (SelectSession session = SelectSession.open(parameters("select-declare"))) {
            Channel sibling = session.channel();
            session.await(() -> sibling.queueDeclare(queue, false, false, false, false, Map.of("x-max-length", 10)));
            Channel offender = session.channel();

            assertThatThrownBy(() -> session.await(
                            () -> offender.queueDeclare(queue, false, false, false, false, Map.of("x-max-length", 20))))
                    .isInstanceOfSatisfying(ChannelClosedByBrokerException.class, closed -> {
                        assertThat(closed.replyCode()).isEqualTo(PRECONDITION_FAILED);
                        assertThat(closed.replyText()).contains("inequivalent arg", "x-max-length");
                    });
            assertThat(session.call(offender::isClosed)).isTrue();
            assertSelectKeepsWorking(session, sibling);
            report("channel error: declare with mismatched args, SelectConnection");
        }
    }

    private void assertSelectKeepsWorking(SelectSession session, Channel sibling) {
        assertThat(session.isOpen()).as("connection open").isTrue();
        assertThat(session.call(sibling::isOpen)).as("sibling channel open").isTrue();
        roundTrip(session, sibling, "sibling");
        roundTrip(session, session.channel(), "new channel");
        assertThat(session.closed).as("the connection never closed").isNotDone();
    }

    private void roundTrip(SelectSession session, Channel channel, String what) {
        String queue = broker.name("after-error");
        session.await(() -> channel.queueDeclare(queue, false, false, false, false, null));
        session.await(channel::confirmDelivery);
        byte[] body = ("still working: " + what).getBytes(StandardCharsets.UTF_8);
        session.await(() -> channel.basicPublishConfirmed("", queue, body));
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        session.await(() -> channel.basicConsumeFuture(queue, (ch, method, properties, b) -> {
            ch.basicAck(method.deliveryTag());
            received.complete(b);
        }));
        assertThat(Waits.await(what + " consumed", received, SelectSession.TIMEOUT))
                .as(what)
                .isEqualTo(body);
    }

    // ------------------------------------------------------------------------------------------------
    // BlockingConnection

    @Test
    void blockingAckOfAnUnknownDeliveryTagClosesOnlyThatChannelWith406() {
        try (BlockingConnection connection = new BlockingConnection(parameters("blocking-ack"))) {
            BlockingChannel sibling = connection.channel();
            BlockingChannel offender = connection.channel();

            offender.basicAck(424_242);

            // the ack has no reply: the next call on the channel reports the broker's close
            assertThatThrownBy(() -> offender.basicQos(10))
                    .isInstanceOfSatisfying(ChannelClosedByBrokerException.class, closed -> {
                        assertThat(closed.replyCode()).isEqualTo(PRECONDITION_FAILED);
                        assertThat(closed.replyText()).containsIgnoringCase("unknown delivery tag");
                    });
            assertThat(offender.isClosed()).isTrue();
            assertBlockingKeepsWorking(connection, sibling);
            report("channel error: ack of unknown tag, BlockingConnection");
        }
    }

    @Test
    void blockingDeclareWithMismatchedArgumentsClosesOnlyThatChannelWith406() {
        String queue = broker.name("declared");
        try (BlockingConnection connection = new BlockingConnection(parameters("blocking-declare"))) {
            BlockingChannel sibling = connection.channel();
            sibling.queueDeclare(queue, false, false, false, false, Map.of("x-max-length", 10));
            BlockingChannel offender = connection.channel();

            assertThatThrownBy(() -> offender.queueDeclare(queue, false, true, false, false, null))
                    .isInstanceOfSatisfying(ChannelClosedByBrokerException.class, closed -> {
                        assertThat(closed.replyCode()).isEqualTo(PRECONDITION_FAILED);
                        assertThat(closed.replyText()).contains("inequivalent arg", "durable");
                    });
            assertThat(offender.isClosed()).isTrue();
            assertBlockingKeepsWorking(connection, sibling);
            report("channel error: declare with mismatched args, BlockingConnection");
        }
    }

    private void assertBlockingKeepsWorking(BlockingConnection connection, BlockingChannel sibling) {
        assertThat(connection.isOpen()).as("connection open").isTrue();
        assertThat(sibling.isOpen()).as("sibling channel open").isTrue();
        roundTrip(sibling, "sibling");
        roundTrip(connection.channel(), "new channel");
        assertThat(connection.isOpen()).as("connection still open").isTrue();
    }

    private void roundTrip(BlockingChannel channel, String what) {
        String queue = broker.name("after-error");
        channel.queueDeclare(queue);
        channel.confirmDelivery();
        byte[] body = ("still working: " + what).getBytes(StandardCharsets.UTF_8);
        channel.basicPublish("", queue, body);
        Delivery delivery =
                channel.consume(queue, Duration.ofSeconds(30)).iterator().next();
        assertThat(delivery.isEmpty()).as(what + " received a message").isFalse();
        assertThat(delivery.body()).as(what).isEqualTo(body);
        assertThat(delivery.method()).isInstanceOf(Basic.Deliver.class);
        channel.basicAck(delivery.deliveryTag());
        channel.cancel();
    }

    private static void report(String fault) {
        ReliabilityReport.shared()
                .add(new ReliabilityReport.Row(
                        fault,
                        1,
                        2,
                        0,
                        0,
                        null,
                        "406 on the offending channel only; sibling and new channel published and consumed"));
    }
}
