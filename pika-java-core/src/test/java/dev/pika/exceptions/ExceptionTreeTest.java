package dev.pika.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Attempt;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Phase;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tree mirrors Pika 1.2's exceptions.py one to one (plus one documented addition); codes, texts and carried
 * messages behave as documented.
 */
class ExceptionTreeTest {

    /** Each exception and its parent, as in Pika (Java names). */
    private static final Map<Class<?>, Class<?>> PARENTS = Map.ofEntries(
            Map.entry(AmqpException.class, RuntimeException.class),
            Map.entry(AmqpConnectionException.class, AmqpException.class),
            Map.entry(ConnectionOpenAbortedException.class, AmqpConnectionException.class),
            Map.entry(AmqpConnectionWorkflowFailedException.class, AmqpConnectionException.class),
            Map.entry(StreamLostException.class, AmqpConnectionException.class),
            Map.entry(IncompatibleProtocolException.class, AmqpConnectionException.class),
            Map.entry(AuthenticationException.class, AmqpConnectionException.class),
            Map.entry(ProbableAuthenticationException.class, AmqpConnectionException.class),
            Map.entry(ProbableAccessDeniedException.class, AmqpConnectionException.class),
            Map.entry(NoFreeChannelsException.class, AmqpConnectionException.class),
            Map.entry(ConnectionWrongStateException.class, AmqpConnectionException.class),
            Map.entry(ConnectionClosedException.class, AmqpConnectionException.class),
            Map.entry(ConnectionClosedByBrokerException.class, ConnectionClosedException.class),
            Map.entry(ConnectionClosedByClientException.class, ConnectionClosedException.class),
            Map.entry(ConnectionBlockedTimeoutException.class, AmqpConnectionException.class),
            Map.entry(AmqpHeartbeatTimeoutException.class, AmqpConnectionException.class),
            Map.entry(AmqpChannelException.class, AmqpException.class),
            Map.entry(ChannelWrongStateException.class, AmqpChannelException.class),
            Map.entry(ChannelClosedException.class, AmqpChannelException.class),
            Map.entry(ChannelClosedByBrokerException.class, ChannelClosedException.class),
            Map.entry(ChannelClosedByClientException.class, ChannelClosedException.class),
            Map.entry(DuplicateConsumerTagException.class, AmqpChannelException.class),
            Map.entry(ConsumerCancelledException.class, AmqpChannelException.class),
            Map.entry(UnroutableException.class, AmqpChannelException.class),
            Map.entry(NackException.class, AmqpChannelException.class),
            // Beyond Pika: BlockingChannel.waitForConfirms(timeout), which Pika does not have.
            Map.entry(WaitForConfirmsTimeoutException.class, AmqpChannelException.class),
            Map.entry(InvalidChannelNumberException.class, AmqpException.class),
            Map.entry(ProtocolSyntaxException.class, AmqpException.class),
            Map.entry(UnexpectedFrameException.class, ProtocolSyntaxException.class),
            Map.entry(ProtocolVersionMismatchException.class, ProtocolSyntaxException.class),
            Map.entry(BodyTooLongException.class, ProtocolSyntaxException.class),
            Map.entry(InvalidFrameException.class, ProtocolSyntaxException.class),
            Map.entry(InvalidFieldTypeException.class, ProtocolSyntaxException.class),
            Map.entry(UnsupportedAmqpFieldException.class, ProtocolSyntaxException.class),
            Map.entry(MethodNotImplementedException.class, ProtocolSyntaxException.class),
            Map.entry(ShortStringTooLongException.class, AmqpException.class),
            Map.entry(ChannelException.class, RuntimeException.class),
            Map.entry(DuplicateGetOkCallbackException.class, ChannelException.class),
            Map.entry(ReentrancyException.class, RuntimeException.class));

    @Test
    void everyExceptionHasPikasParent() {
        PARENTS.forEach((type, parent) ->
                assertThat(type.getSuperclass()).as(type.getSimpleName()).isEqualTo(parent));
    }

    @Test
    void theTreeCoversEveryExceptionOfThePackage() throws Exception {
        List<String> missing = new ArrayList<>();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(AmqpException.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/pika/exceptions"))) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith("Exception.class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .filter(name -> PARENTS.keySet().stream()
                            .noneMatch(t -> t.getSimpleName().equals(name)))
                    .forEach(missing::add);
        }
        assertThat(missing).isEmpty();
        assertThat(PARENTS).hasSize(39);
    }

    @Test
    void aFailedWorkflowListsEveryAttemptInOrder() {
        ConnectException refused = new ConnectException("Connection refused");
        UnknownHostException unknown = new UnknownHostException("nowhere.invalid");
        ProbableAuthenticationException auth = new ProbableAuthenticationException("refused user 'bob'");
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 5673);
        List<Attempt> attempts = new ArrayList<>(List.of(
                new Attempt("localhost", 5673, address, Phase.CONNECT, refused),
                new Attempt("nowhere.invalid", 5672, null, Phase.RESOLVE, unknown),
                new Attempt("localhost", 5672, new InetSocketAddress("127.0.0.1", 5672), Phase.AMQP_HANDSHAKE, auth)));

        AmqpConnectionWorkflowFailedException failed = new AmqpConnectionWorkflowFailedException(attempts);
        attempts.clear();

        assertThat(failed.attempts()).extracting(a -> a.cause()).containsExactly(refused, unknown, auth);
        assertThat(failed.getCause()).isSameAs(auth);
        assertThat(failed.getSuppressed()).containsExactly(refused, unknown);
        assertThat(failed)
                .hasMessageStartingWith("AMQP connection workflow failed: 3 attempts in all")
                .hasMessageContaining("[1] localhost:5673 (127.0.0.1:5673) CONNECT: java.net.ConnectException")
                .hasMessageContaining("[2] nowhere.invalid:5672 RESOLVE: java.net.UnknownHostException")
                .hasMessageContaining("[3] localhost:5672 (127.0.0.1:5672) AMQP_HANDSHAKE");
        assertThatThrownBy(() -> new AmqpConnectionWorkflowFailedException(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one attempt");
    }

    @Test
    void closedExceptionsCarryReplyCodeAndText() {
        ConnectionClosedException byBroker = new ConnectionClosedByBrokerException(320, "CONNECTION_FORCED - bye");
        ChannelClosedException channel = new ChannelClosedByBrokerException(404, "NOT_FOUND - no queue 'q'");

        assertThat(byBroker.replyCode()).isEqualTo(320);
        assertThat(byBroker.replyText()).isEqualTo("CONNECTION_FORCED - bye");
        assertThat(byBroker).hasMessage("(320) CONNECTION_FORCED - bye");
        assertThat(channel.replyCode()).isEqualTo(404);
        assertThat(channel).hasMessage("(404) NOT_FOUND - no queue 'q'");
        assertThat(new ChannelClosedByClientException(200, null).replyText()).isEmpty();
    }

    @Test
    void protocolErrorsCarryTheReplyCodeToCloseWith() {
        assertThat(InvalidFrameException.unknownFrameType(9).replyCode()).isEqualTo(501);
        assertThat(new InvalidFieldTypeException('Z').replyCode()).isEqualTo(502);
        assertThat(new UnsupportedAmqpFieldException("x").replyCode()).isEqualTo(502);
        assertThat(new ProtocolVersionMismatchException("0-9-1", "0-8").replyCode())
                .isEqualTo(502);
        assertThat(MethodNotImplementedException.unknownMethod(60, 99).replyCode())
                .isEqualTo(540);
        assertThat(MethodNotImplementedException.notSupportedByServer("Confirm.Select")
                        .replyCode())
                .isEqualTo(540);
        assertThat(new UnexpectedFrameException("x").replyCode()).isEqualTo(505);
        assertThat(BodyTooLongException.exceedsAnnounced(1, 10, 5).replyCode()).isEqualTo(505);
        assertThat(BodyTooLongException.exceedsLimit(1, 10, 5).replyCode()).isEqualTo(506);
    }

    @Test
    void replyTextFitsAShortString() {
        ProtocolSyntaxException shortOne = new InvalidFrameException("short");
        ProtocolSyntaxException longOne = new InvalidFrameException("\u00e9".repeat(200));

        assertThat(shortOne.replyText()).isEqualTo("short");
        assertThat(longOne.replyText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(longOne.replyText()).isEqualTo("\u00e9".repeat(127));
    }

    @Test
    void returnedMessagesAreImmutable() {
        byte[] body = {1, 2, 3};
        ReturnedMessage message = new ReturnedMessage("ex", "rk", null, body);
        body[0] = 9;
        message.body()[1] = 9;

        assertThat(message.body()).containsExactly(1, 2, 3);
        assertThat(message.properties()).isSameAs(BasicProperties.EMPTY);
        assertThat(message).isEqualTo(new ReturnedMessage("ex", "rk", BasicProperties.EMPTY, new byte[] {1, 2, 3}));
        assertThat(message.hashCode())
                .isEqualTo(new ReturnedMessage("ex", "rk", null, new byte[] {1, 2, 3}).hashCode());
        assertThat(message.toString()).contains("3 bytes");
    }

    @Test
    void unroutableAndNackCarryTheirMessages() {
        List<ReturnedMessage> messages = new ArrayList<>(List.of(new ReturnedMessage("ex", "rk", null, new byte[0])));
        UnroutableException unroutable = new UnroutableException(messages);
        NackException nack = new NackException(List.of());
        messages.clear();

        assertThat(unroutable.messages()).hasSize(1);
        assertThat(unroutable).hasMessage("1 unroutable message(s) returned");
        assertThat(nack.messages()).isEmpty();
        assertThat(nack).hasMessage("0 message(s) NACKed");
        assertThatThrownBy(() -> unroutable.messages().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void messagesNameWhatHappenedAndTheFix() {
        assertThat(NoFreeChannelsException.of(2047)).hasMessageContaining("1..2047");
        assertThat(InvalidChannelNumberException.outOfRange(0, 2047).channelNumber())
                .isZero();
        assertThat(new DuplicateConsumerTagException("ctag").consumerTag()).isEqualTo("ctag");
        assertThat(new ConsumerCancelledException("ctag")).hasMessageContaining("ctag");
        assertThat(AuthenticationException.mechanismNotOffered("EXTERNAL", "PLAIN AMQPLAIN"))
                .hasMessageContaining("EXTERNAL")
                .hasMessageContaining("PLAIN AMQPLAIN")
                .satisfies(e -> assertThat(e.mechanism()).isEqualTo("EXTERNAL"));
        assertThat(AuthenticationException.refused("PLAIN", 403, "ACCESS_REFUSED - Login was refused"))
                .hasMessageContaining("403");
        assertThat(ShortStringTooLongException.of("Queue.Declare.queue", "q".repeat(300), 300))
                .hasMessageContaining("Queue.Declare.queue is 300 bytes")
                .hasMessageContaining("q".repeat(40) + "...");
        assertThat(new DuplicateGetOkCallbackException()).hasMessageContaining("basicGet");
    }
}
