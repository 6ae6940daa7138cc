package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.spec.Basic;
import dev.pika.spec.Connection.Close;
import dev.pika.spec.Connection.CloseOk;
import dev.pika.spec.Connection.Tune;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's "Bad input": whatever the broker sends, the connection closes with the right reply code, reports a typed
 * exception, never hangs and never allocates beyond the negotiated limits.
 */
class BadInputTest {

    private ScriptedBroker broker;
    private Channel channel;
    private final List<AmqpException> channelReasons = new ArrayList<>();

    private void open(ConnectionParameters params) {
        broker = ScriptedBroker.connected(params).open();
        channel = broker.openChannel();
        channel.addOnCloseCallback((c, reason) -> channelReasons.add(reason));
    }

    private void open() {
        open(ConnectionParameters.defaults());
    }

    private static byte[] frame(int type, int channelNumber, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
        frame.put((byte) type)
                .putShort((short) channelNumber)
                .putInt(payload.length)
                .put(payload)
                .put((byte) 0xCE);
        return frame.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    /** The client answers with Connection.Close(code); a CloseOk ends it with a typed, caused exception. */
    private Close expectCloseWith(int replyCode) {
        Close close = broker.expect(0, Close.class);
        assertThat(close.replyCode()).as("reply code of %s", close).isEqualTo(replyCode);
        assertThat(broker.connection.isClosing()).isTrue();
        assertThat(channel.isClosed()).isTrue();
        assertThat(channelReasons).singleElement().isInstanceOf(ConnectionClosedByClientException.class);
        broker.expectNothing();
        return close;
    }

    private void brokerAcknowledges(int replyCode) {
        broker.send(0, CloseOk.INSTANCE);
        assertThat(broker.connection.transport().closedGracefully()).isTrue();
        broker.runLoop();
        assertClosedWith(replyCode);
    }

    private void assertClosedWith(int replyCode) {
        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.closes).singleElement().isInstanceOfSatisfying(ConnectionClosedByClientException.class, e -> {
            assertThat(e.replyCode()).isEqualTo(replyCode);
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            ProtocolSyntaxException.class,
                            cause -> assertThat(cause.replyCode()).isEqualTo(replyCode));
            assertThat(e.replyText()).isEqualTo(((ProtocolSyntaxException) e.getCause()).replyText());
        });
        assertThat(channelReasons).containsExactly(broker.closes.get(0));
    }

    @Test
    void garbageIsAFrameError() {
        open();
        broker.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        expectCloseWith(501);
        // the decoder cannot find frames again: the broker's CloseOk cannot be read, the stream's end settles it
        broker.send(0, CloseOk.INSTANCE);
        assertThat(broker.connection.isClosing()).isTrue();
        broker.connection.transport().lose(null);
        broker.runLoop();
        assertClosedWith(501);
    }

    @Test
    void aGarbledConnectionIsDroppedAfterTheCloseTimeoutWhenThePeerStaysSilent() {
        open();
        broker.sendBytes(frame(7, 0, new byte[4]));
        expectCloseWith(501);

        broker.io.advance(Connection.CLOSE_TIMEOUT);

        assertThat(broker.connection.transport().aborted()).isTrue();
        broker.runLoop();
        assertClosedWith(501);
    }

    @Test
    void aFrameLargerThanFrameMaxIsAFrameErrorBeforeAnythingIsBuffered() {
        open();
        ByteBuffer header =
                ByteBuffer.allocate(7).put((byte) 1).putShort((short) 1).putInt(131072 + 1);
        broker.sendBytes(header.array());

        expectCloseWith(501);
    }

    @Test
    void aFrameLargerThanANegotiatedSmallerFrameMaxIsAFrameError() {
        broker = ScriptedBroker.connected().open(new Tune(2047, 4096, 0));
        channel = broker.openChannel();
        channel.addOnCloseCallback((c, reason) -> channelReasons.add(reason));
        broker.sendBytes(frame(3, 1, new byte[4096]));

        expectCloseWith(501);
    }

    @Test
    void aMissingFrameEndIsAFrameError() {
        open();
        byte[] bad = frame(8, 0, new byte[0]);
        bad[bad.length - 1] = 0;
        broker.sendBytes(bad);

        expectCloseWith(501);
    }

    @Test
    void aBodyLongerThanAnnouncedIsAnUnexpectedFrame() {
        open();
        String tag = consume();
        broker.queueMethodFrame(1, new Basic.Deliver(tag, 1, false, "", "q"));
        ByteBuffer header = ByteBuffer.allocate(14)
                .putShort((short) 60)
                .putShort((short) 0)
                .putLong(3)
                .putShort((short) 0);
        broker.sendBytes(concat(queuedBytes(), frame(2, 1, header.array()), frame(3, 1, new byte[5])));

        Close close = expectCloseWith(505);
        assertThat(close.replyText()).contains("too many bytes");
        brokerAcknowledges(505);
    }

    @Test
    void aBodyAboveMaxInboundMessageBodySizeIsAResourceErrorAndIsNotAllocated() {
        open(ConnectionParameters.builder().maxInboundMessageBodySize(1024).build());
        String tag = consume();
        broker.queueMethodFrame(1, new Basic.Deliver(tag, 1, false, "", "q"));
        ByteBuffer header = ByteBuffer.allocate(14)
                .putShort((short) 60)
                .putShort((short) 0)
                .putLong(Integer.MAX_VALUE - 8)
                .putShort((short) 0);
        broker.sendBytes(concat(queuedBytes(), frame(2, 1, header.array())));

        expectCloseWith(506);
        brokerAcknowledges(506);
    }

    @Test
    void aMethodOnAChannelThatIsNotOpenIsAChannelError() {
        open();
        broker.queueMethodFrame(5, new Basic.Deliver("ctag", 1, false, "", "q")).flush();

        Close close = expectCloseWith(504);
        assertThat(close.failingClassId()).isEqualTo(60);
        assertThat(close.failingMethodId()).isEqualTo(60);
        brokerAcknowledges(504);
    }

    @Test
    void aMethodOnAChannelThatWasClosedIsAChannelError() {
        open();
        Channel second = broker.openChannel();
        second.close();
        broker.expect(2, dev.pika.spec.Channel.Close.class);
        broker.send(2, dev.pika.spec.Channel.CloseOk.INSTANCE);
        assertThat(second.isClosed()).isTrue();

        broker.send(2, Basic.QosOk.INSTANCE);

        expectCloseWith(504);
        brokerAcknowledges(504);
    }

    @Test
    void anUnknownFieldTypeIsASyntaxError() {
        open();
        String tag = consume();
        broker.queueMethodFrame(1, new Basic.Deliver(tag, 1, false, "", "q"));
        byte[] table = {0, 0, 0, 4, 1, 'k', 'Z', 0};
        ByteBuffer header = ByteBuffer.allocate(14 + table.length)
                .putShort((short) 60)
                .putShort((short) 0)
                .putLong(0)
                .putShort((short) Basic.FLAG_HEADERS)
                .put(table);
        broker.sendBytes(concat(queuedBytes(), frame(2, 1, header.array())));

        expectCloseWith(502);
    }

    @Test
    void anUnknownMethodIsNotImplemented() {
        open();
        ByteBuffer payload = ByteBuffer.allocate(4).putShort((short) 60).putShort((short) 999);
        broker.sendBytes(frame(1, 1, payload.array()));

        expectCloseWith(540);
    }

    @Test
    void anUnsolicitedReplyIsACommandInvalid() {
        open();
        broker.send(1, Basic.QosOk.INSTANCE);

        Close close = expectCloseWith(503);
        assertThat(close.failingClassId()).isEqualTo(60);
        assertThat(close.failingMethodId()).isEqualTo(11);
        assertThat(close.replyText()).contains("Basic.QosOk");
        brokerAcknowledges(503);
    }

    @Test
    void aClientOnlyMethodFromTheBrokerIsACommandInvalid() {
        open();
        broker.sendContent(1, new Basic.Publish(0, "", "q", false, false), BasicProperties.EMPTY, new byte[] {1});

        expectCloseWith(503);
    }

    @Test
    void anUnexpectedConnectionMethodIsACommandInvalid() {
        open();
        broker.send(0, new Tune(2047, 131072, 0));

        Close close = expectCloseWith(503);
        assertThat(close.failingClassId()).isEqualTo(10);
        assertThat(close.failingMethodId()).isEqualTo(30);
        brokerAcknowledges(503);
    }

    @Test
    void aConfirmOutsideConfirmModeIsACommandInvalid() {
        open();
        broker.send(1, new Basic.Ack(1, false));

        expectCloseWith(503);
    }

    @Test
    void aHeartbeatOnAnotherChannelThanZeroIsAFrameError() {
        open();
        broker.sendBytes(frame(8, 1, new byte[0]));

        expectCloseWith(501);
        brokerAcknowledges(501);
    }

    @Test
    void contentOnChannelZeroIsAnUnexpectedFrame() {
        open();
        broker.sendBytes(frame(3, 0, new byte[3]));

        expectCloseWith(505);
        brokerAcknowledges(505);
    }

    @Test
    void aContentHeaderWithoutAMethodIsAnUnexpectedFrame() {
        open();
        ByteBuffer header = ByteBuffer.allocate(14)
                .putShort((short) 60)
                .putShort((short) 0)
                .putLong(1)
                .putShort((short) 0);
        broker.sendBytes(frame(2, 1, header.array()));

        expectCloseWith(505);
        brokerAcknowledges(505);
    }

    @Test
    void aMethodWhileContentIsPendingIsAnUnexpectedFrame() {
        open();
        String tag = consume();
        broker.queueMethodFrame(1, new Basic.Deliver(tag, 1, false, "", "q"));
        broker.queueMethodFrame(1, new Basic.Deliver(tag, 2, false, "", "q"));
        broker.flush();

        expectCloseWith(505);
        brokerAcknowledges(505);
    }

    @Test
    void framesAfterTheBadOneInTheSameReadAreDiscarded() {
        open();
        List<byte[]> delivered = new ArrayList<>();
        String tag = channelConsumer(delivered);
        broker.queue(7, Basic.QosOk.INSTANCE);
        broker.queueContent(1, new Basic.Deliver(tag, 1, false, "", "q"), BasicProperties.EMPTY, new byte[] {1});
        broker.flush();

        expectCloseWith(504);
        assertThat(delivered).isEmpty();
    }

    @Test
    void protocolErrorsAfterOurCloseDropTheStream() {
        open();
        broker.send(9, Basic.QosOk.INSTANCE);
        expectCloseWith(504);

        broker.send(0, new Tune(1, 1, 1));
        broker.sendBytes(frame(7, 0, new byte[1]));

        assertThat(broker.connection.transport().aborted()).isTrue();
        broker.runLoop();
        assertClosedWith(504);
    }

    @Test
    void aHangingPeerAfterAProtocolErrorIsDroppedWithinTheCloseTimeout() {
        open();
        broker.send(9, Basic.QosOk.INSTANCE);
        expectCloseWith(504);

        broker.io.advance(Connection.CLOSE_TIMEOUT.minusMillis(1));
        assertThat(broker.connection.isClosing()).isTrue();
        broker.io.advance(Duration.ofMillis(1));
        broker.runLoop();

        assertClosedWith(504);
    }

    private String consume() {
        return channelConsumer(new ArrayList<>());
    }

    private String channelConsumer(List<byte[]> delivered) {
        String tag = channel.basicConsume("q", (ch, method, properties, body) -> delivered.add(body));
        broker.expect(1, Basic.Consume.class);
        broker.send(1, new Basic.ConsumeOk(tag));
        return tag;
    }

    /** Takes the frames queued with {@link ScriptedBroker#queue} as bytes (so raw frames can follow them). */
    private byte[] queuedBytes() {
        return broker.takeQueued();
    }
}
