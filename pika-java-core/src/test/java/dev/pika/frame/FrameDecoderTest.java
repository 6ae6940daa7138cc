package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.exceptions.InvalidFieldTypeException;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.MethodNotImplementedException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.exceptions.UnexpectedFrameException;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel;
import dev.pika.spec.Connection;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Incremental decoding at every split point, in random chunks and from direct buffers; and bad input. */
class FrameDecoderTest {

    private static byte[] stream;
    private static List<String> expectedEvents;

    @BeforeAll
    static void buildStream() {
        CollectingSink sink = new CollectingSink();
        FrameWriter writer = new FrameWriter(sink);
        Map<String, Object> serverProperties = new LinkedHashMap<>();
        serverProperties.put("product", "RabbitMQ");
        serverProperties.put("capabilities", Map.of("publisher_confirms", true, "basic.nack", true));
        writer.writeMethod(0, new Connection.Start(0, 9, serverProperties, "PLAIN AMQPLAIN", "en_US"));
        writer.writeHeartbeat();
        BasicProperties properties = BasicProperties.builder()
                .contentType("application/json")
                .deliveryMode(DeliveryMode.PERSISTENT)
                .headers(Map.of("x-retries", 3, "x-tags", List.of("a", "b")))
                .timestamp(Instant.parse("2024-05-06T07:08:09Z"))
                .messageId("m-1")
                .build();
        byte[] body = new byte[5000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i % 251);
        }
        writer.writeContent(1, new Basic.Deliver("ctag", 1, false, "ex", "rk"), properties, body, 4096);
        writer.writeMethod(1, new Basic.Ack(1, false));
        writer.writeContent(2, new Basic.Deliver("ctag2", 2, true, "", "q"), BasicProperties.EMPTY, new byte[0], 4096);
        writer.writeContent(1, new Basic.Return(312, "NO_ROUTE", "ex", "nowhere"), null, new byte[] {42}, 4096);
        writer.writeMethod(1, new Channel.Close(406, "PRECONDITION_FAILED - inequivalent arg", 50, 10));
        writer.writeHeartbeat();
        stream = sink.bytes();

        RecordingHandler handler = new RecordingHandler();
        new FrameDecoder(handler, 4096).decode(ByteBuffer.wrap(stream));
        expectedEvents = List.copyOf(handler.events);
    }

    @Test
    void wholeStreamYieldsEveryFrameInOrder() {
        assertThat(expectedEvents).hasSize(13);
        assertThat(expectedEvents.get(0)).startsWith("method 0 Start[versionMajor=0, versionMinor=9");
        assertThat(expectedEvents.get(1)).isEqualTo("heartbeat 0");
        assertThat(expectedEvents.get(2)).startsWith("method 1 Deliver[consumerTag=ctag");
        assertThat(expectedEvents.get(3)).startsWith("header 1 class 60 size 5000 BasicProperties[contentType=");
        assertThat(expectedEvents.get(4)).startsWith("body 1 000102").hasSize("body 1 ".length() + 10000);
        assertThat(expectedEvents.get(6)).startsWith("method 2 Deliver[consumerTag=ctag2");
        assertThat(expectedEvents.get(7)).isEqualTo("header 2 class 60 size 0 BasicProperties[]");
        assertThat(expectedEvents.get(10)).isEqualTo("body 1 2a");
        assertThat(expectedEvents.get(12)).isEqualTo("heartbeat 0");
    }

    @Test
    void everySplitPointYieldsTheSameCallbacks() {
        for (int split = 0; split <= stream.length; split++) {
            RecordingHandler handler = new RecordingHandler();
            FrameDecoder decoder = new FrameDecoder(handler, 4096);
            decoder.decode(ByteBuffer.wrap(stream, 0, split));
            decoder.decode(ByteBuffer.wrap(stream, split, stream.length - split));
            assertThat(handler.events).as("split at %d", split).isEqualTo(expectedEvents);
        }
    }

    @Test
    void randomChunksYieldTheSameCallbacks() {
        Random random = new Random(20240506L);
        for (int run = 0; run < 300; run++) {
            int maxChunk = 1 + random.nextInt(run % 3 == 0 ? 16 : 3000);
            assertThat(decodeInChunks(random, maxChunk, false))
                    .as("run %d", run)
                    .isEqualTo(expectedEvents);
        }
    }

    @Test
    void oneByteAtATimeYieldsTheSameCallbacks() {
        RecordingHandler handler = new RecordingHandler();
        FrameDecoder decoder = new FrameDecoder(handler, 4096);
        for (byte b : stream) {
            decoder.decode(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(handler.events).isEqualTo(expectedEvents);
    }

    @Test
    void directBuffersInRandomChunksYieldTheSameCallbacks() {
        Random random = new Random(7L);
        for (int run = 0; run < 50; run++) {
            assertThat(decodeInChunks(random, 1 + random.nextInt(2000), true))
                    .as("run %d", run)
                    .isEqualTo(expectedEvents);
        }
    }

    @Test
    void heapBuffersWithAnArrayOffsetDecodeInPlace() {
        byte[] padded = new byte[stream.length + 10];
        System.arraycopy(stream, 0, padded, 7, stream.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 7, stream.length).slice();
        assertThat(slice.arrayOffset()).isEqualTo(7);
        RecordingHandler handler = new RecordingHandler();

        new FrameDecoder(handler, 4096).decode(slice);

        assertThat(handler.events).isEqualTo(expectedEvents);
        assertThat(slice.hasRemaining()).isFalse();
    }

    @Test
    void inputIsConsumedAndItsLimitRestored() {
        ByteBuffer input = ByteBuffer.allocate(stream.length + 4);
        input.put(stream).flip();
        int limit = input.limit();

        new FrameDecoder(new RecordingHandler(), 4096).decode(input);

        assertThat(input.position()).isEqualTo(limit);
        assertThat(input.limit()).isEqualTo(limit);
    }

    @Test
    void aFrameOfExactlyTheMaximumSizeIsAccepted() {
        byte[] frame = new byte[4096];
        ByteBuffer.wrap(frame).put((byte) 3).putShort((short) 1).putInt(4096 - 8);
        frame[4095] = (byte) 0xCE;
        RecordingHandler handler = new RecordingHandler();

        new FrameDecoder(handler, 4096).decode(ByteBuffer.wrap(frame));

        assertThat(handler.events).hasSize(1);
    }

    @Test
    void emptyBodyFrameIsOneEmptyFragment() {
        RecordingHandler handler = new RecordingHandler();

        new FrameDecoder(handler, 4096).decode(ByteBuffer.wrap(Hex.bytes("03 0004 00000000 ce")));

        assertThat(handler.events).containsExactly("body 4 ");
    }

    @Test
    void unknownFrameTypeIsAFrameError() {
        assertDecodeFails("09 0000 00000000 ce", InvalidFrameException.class, 501, "Unknown frame type: 9");
    }

    @Test
    void badProtocolHeaderIsAFrameError() {
        assertDecodeFails("414d5850 00 00 09 01", InvalidFrameException.class, 501, "Unknown frame type: 65");
    }

    @Test
    void missingFrameEndIsAFrameError() {
        assertDecodeFails("08 0000 00000000 00", InvalidFrameException.class, 501, "FRAME_END");
        assertDecodeFails(
                "01 0001 0000000d 003c 0050 0000000000000005 01 cd", InvalidFrameException.class, 501, "got 205");
        assertDecodeFails("03 0001 00000002 6869 41", InvalidFrameException.class, 501, "FRAME_END");
    }

    @Test
    void missingFrameEndOfAStagedFrameIsAFrameError() {
        FrameDecoder decoder = new FrameDecoder(new RecordingHandler(), 4096);
        decoder.decode(ByteBuffer.wrap(Hex.bytes("01 0001 0000000d 003c 0050")));

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("0000000000000005 01 00"))))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("FRAME_END");
    }

    @Test
    void frameOverTheMaximumFailsFromItsHeaderBeforeAnythingIsBuffered() {
        FrameDecoder decoder = new FrameDecoder(new RecordingHandler(), 131072);

        // only the 7 header bytes: a frame of 2 GiB is announced, the decoder must not wait for (or allocate) it
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("01 0001 7ffffff0"))))
                .isInstanceOfSatisfying(
                        InvalidFrameException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(501))
                .hasMessageContaining("exceeds the negotiated frame_max of 131072");
        assertThatThrownBy(() -> new FrameDecoder(new RecordingHandler(), 4096)
                        .decode(ByteBuffer.wrap(Hex.bytes("03 0001 00000ff9"))))
                .hasMessageContaining("Frame of 4097 bytes");
        assertThatThrownBy(() -> new FrameDecoder(new RecordingHandler(), 4096)
                        .decode(ByteBuffer.wrap(Hex.bytes("01 0001 ffffffff"))))
                .isInstanceOf(InvalidFrameException.class);
    }

    @Test
    void raisingTheMaximumAcceptsLargerFrames() {
        FrameDecoder decoder = new FrameDecoder(new RecordingHandler(), 4096);
        decoder.setMaxFrameSize(8192);
        byte[] frame = new byte[8192];
        ByteBuffer.wrap(frame).put((byte) 3).putShort((short) 1).putInt(8192 - 8);
        frame[8191] = (byte) 0xCE;

        decoder.decode(ByteBuffer.wrap(frame));

        assertThat(decoder.maxFrameSize()).isEqualTo(8192);
        assertThatThrownBy(() -> decoder.setMaxFrameSize(4095))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFrameSize must be at least 4096");
    }

    @Test
    void unknownMethodIsNotImplemented() {
        assertDecodeFails(
                "01 0001 00000004 003c 0063 ce", MethodNotImplementedException.class, 540, "class 60, method 99");
        assertDecodeFails(
                "01 0001 00000004 0063 000a ce", MethodNotImplementedException.class, 540, "class 99, method 10");
    }

    @Test
    void truncatedMethodPayloadIsAFrameError() {
        assertDecodeFails(
                "01 0001 00000005 003c 0050 00 ce", InvalidFrameException.class, 501, "Basic.Ack is truncated");
        assertDecodeFails("01 0001 00000002 003c ce", InvalidFrameException.class, 501, "method frame is truncated");
    }

    @Test
    void shortStringRunningPastTheFrameIsAFrameError() {
        assertDecodeFails(
                "01 0001 00000007 003c 001f 09 6162 ce", InvalidFrameException.class, 501, "short string of 9 bytes");
    }

    @Test
    void fieldTableWithAnUnknownTypeIsASyntaxError() {
        // Queue.Declare(ticket 0, "q", no flags, arguments {"k": 'Z' 00})
        assertDecodeFails(
                "01 0001 00000011 0032 000a 0000 0171 00 00000004 016b 5a 00 ce",
                InvalidFieldTypeException.class,
                502,
                "'Z'");
    }

    @Test
    void fieldTableLengthBeyondTheFrameIsAFrameError() {
        assertDecodeFails(
                "01 0001 0000000d 0032 000a 0000 0171 00 00000400 ce",
                InvalidFrameException.class,
                501,
                "field table of 1024 bytes");
    }

    @Test
    void contentHeaderForAClassWithoutContentIsUnexpected() {
        assertDecodeFails(
                "02 0001 0000000e 000a 0000 0000000000000001 0000 ce", UnexpectedFrameException.class, 505, "class 10");
    }

    @Test
    void contentHeaderWithANegativeBodySizeIsAFrameError() {
        assertDecodeFails(
                "02 0001 0000000e 003c 0000 ffffffffffffffff 0000 ce",
                InvalidFrameException.class,
                501,
                "18446744073709551615");
    }

    @Test
    void truncatedContentHeaderIsAFrameError() {
        assertDecodeFails("02 0001 00000004 003c 0000 ce", InvalidFrameException.class, 501, "content header frame");
    }

    @Test
    void aFailedDecoderRefusesMoreInput() {
        FrameDecoder decoder = new FrameDecoder(new RecordingHandler(), 4096);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("09 0000 00000000 ce"))))
                .isInstanceOf(InvalidFrameException.class);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("08 0000 00000000 ce"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed earlier")
                .hasCauseInstanceOf(InvalidFrameException.class);
    }

    @Test
    void handlerExceptionsPropagateAndFailTheDecoder() {
        FrameHandler failing = new RecordingHandler() {
            @Override
            public void onHeartbeat(int channel) {
                throw new UnexpectedFrameException("heartbeat on channel " + channel);
            }
        };
        FrameDecoder decoder = new FrameDecoder(failing, 4096);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("08 0003 00000000 ce"))))
                .isInstanceOf(UnexpectedFrameException.class)
                .hasMessage("heartbeat on channel 3");
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("08 0000 00000000 ce"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void methodsDecodedFromTheStreamAreTheWrittenRecords() {
        RecordingHandler handler = new RecordingHandler();
        new FrameDecoder(handler, 4096).decode(ByteBuffer.wrap(stream));

        List<Method> methods = handler.methods;
        assertThat(methods.get(1)).isEqualTo(new Basic.Deliver("ctag", 1, false, "ex", "rk"));
        assertThat(methods.get(2)).isEqualTo(new Basic.Ack(1, false));
        assertThat(handler.properties.get(0).headers()).containsEntry("x-retries", 3);
        assertThat(handler.properties.get(0).timestamp()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
    }

    private static List<String> decodeInChunks(Random random, int maxChunk, boolean direct) {
        RecordingHandler handler = new RecordingHandler();
        FrameDecoder decoder = new FrameDecoder(handler, 4096);
        int position = 0;
        while (position < stream.length) {
            int chunk = Math.min(stream.length - position, 1 + random.nextInt(maxChunk));
            ByteBuffer input = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
            input.put(stream, position, chunk).flip();
            decoder.decode(input);
            assertThat(input.hasRemaining()).isFalse();
            position += chunk;
        }
        return handler.events;
    }

    private static void assertDecodeFails(
            String hex, Class<? extends ProtocolSyntaxException> type, int replyCode, String messagePart) {
        byte[] bytes = Hex.bytes(hex);
        // whole, and one byte at a time (the staged path)
        assertThatThrownBy(() -> new FrameDecoder(new RecordingHandler(), 4096).decode(ByteBuffer.wrap(bytes)))
                .isInstanceOfSatisfying(type, e -> assertThat(e.replyCode()).isEqualTo(replyCode))
                .hasMessageContaining(messagePart);
        FrameDecoder decoder = new FrameDecoder(new RecordingHandler(), 4096);
        assertThatThrownBy(() -> {
                    for (byte b : bytes) {
                        decoder.decode(ByteBuffer.wrap(new byte[] {b}));
                    }
                })
                .isInstanceOfSatisfying(type, e -> assertThat(e.replyCode()).isEqualTo(replyCode))
                .hasMessageContaining(messagePart);
    }
}
