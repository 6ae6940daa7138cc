package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.exceptions.UnsupportedAmqpFieldException;
import dev.pika.spec.Basic;
import dev.pika.spec.Connection;
import dev.pika.spec.Queue;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    private final CollectingSink sink = new CollectingSink();
    private final FrameWriter writer = new FrameWriter(sink);

    @Test
    void smallContentTakesThreeSinkWritesAndTheBodyIsNotCopied() {
        byte[] body = new byte[100];

        writer.writeContent(1, new Basic.Publish(0, "", "q", false, false), null, body, 131072);

        assertThat(sink.writes).isEqualTo(3); // method + header + body frame header, the body, the frame end
        assertThat(sink.arraysWritten).containsExactly(body);
    }

    @Test
    void scratchBufferGrowsForLargeMethods() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            properties.put("key-" + i, "value-" + i);
        }

        writer.writeMethod(0, new Connection.StartOk(properties, "PLAIN", "\0guest\0guest", "en_US"));

        RecordingHandler handler = new RecordingHandler();
        new FrameDecoder(handler, 1 << 20).decode(ByteBuffer.wrap(sink.bytes()));
        assertThat(handler.methods).hasSize(1);
        assertThat(((Connection.StartOk) handler.methods.get(0)).clientProperties())
                .isEqualTo(properties);
    }

    @Test
    void methodFrameOverTheMaximumIsRejectedAndNothingIsWritten() {
        writer.setMaxFrameSize(4096);
        Map<String, Object> arguments = Map.of("x", "y".repeat(5000));

        assertThatThrownBy(() ->
                        writer.writeMethod(1, new Queue.Declare(0, "q", false, false, false, false, false, arguments)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame_max");
        assertThat(sink.writes).isZero();
        writer.writeHeartbeat();
        assertThat(sink.hex()).isEqualTo("0800000000000" + "0ce");
    }

    @Test
    void contentHeaderOverFrameMaxIsRejectedAndNothingIsWritten() {
        BasicProperties properties =
                BasicProperties.builder().header("big", "z".repeat(5000)).build();

        assertThatThrownBy(() -> writer.writeContent(
                        1, new Basic.Publish(0, "", "q", false, false), properties, new byte[10], 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content header frame")
                .hasMessageContaining("frame_max (4096)");
        assertThat(sink.writes).isZero();
    }

    @Test
    void unsupportedHeaderValueWritesNothing() {
        BasicProperties properties =
                BasicProperties.builder().header("id", UUID.randomUUID()).build();

        assertThatThrownBy(() -> writer.writeContent(
                        1, new Basic.Publish(0, "", "q", false, false), properties, new byte[10], 4096))
                .isInstanceOf(UnsupportedAmqpFieldException.class)
                .hasMessageContaining("'id'");
        assertThat(sink.writes).isZero();
    }

    @Test
    void writerIsUsableAfterAFailedFrame() {
        BasicProperties bad =
                BasicProperties.builder().header("id", new Object()).build();
        assertThatThrownBy(() ->
                        writer.writeContent(1, new Basic.Publish(0, "", "q", false, false), bad, new byte[1], 4096))
                .isInstanceOf(UnsupportedAmqpFieldException.class);

        writer.writeMethod(1, new Basic.Ack(5, true));

        assertThat(sink.hex()).isEqualTo(Hex.of(Hex.bytes("01 0001 0000000d 003c 0050 0000000000000005 01 ce")));
    }

    @Test
    void contentMethodsAndPlainMethodsAreNotInterchangeable() {
        assertThatThrownBy(() -> writer.writeMethod(1, new Basic.Publish(0, "", "q", false, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeContent");
        assertThatThrownBy(() -> writer.writeContent(1, new Basic.Ack(1, false), null, new byte[0], 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeMethod");
    }

    @Test
    void argumentsAreChecked() {
        Basic.Publish publish = new Basic.Publish(0, "", "q", false, false);
        assertThatThrownBy(() -> writer.writeMethod(65536, new Basic.Ack(1, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel must be between 0 and 65535");
        assertThatThrownBy(() -> writer.writeContent(1, publish, null, new byte[1], 4095))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frameMax must be at least 4096");
        assertThatThrownBy(() -> writer.writeContent(1, publish, null, new byte[4], 2, 3, 4096))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> writer.setMaxFrameSize(100)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sink.writes).isZero();
    }

    @Test
    void largeBodyWithLargeFrameMaxIsSplitAtFrameMaxMinusEight() {
        byte[] body = new byte[300_000];

        writer.writeContent(1, new Basic.Publish(0, "", "q", false, false), null, body, 131072);

        RecordingHandler handler = new RecordingHandler();
        FrameHandler sizes = new FrameHandler() {
            @Override
            public void onMethod(int channel, dev.pika.spec.Method method) {}

            @Override
            public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
                handler.events.add("header " + bodySize);
            }

            @Override
            public void onContentBody(int channel, ByteBuffer fragment) {
                handler.events.add("body " + fragment.remaining());
            }

            @Override
            public void onHeartbeat(int channel) {}

            @Override
            public void onProtocolHeader(int major, int minor, int revision) {}
        };
        new FrameDecoder(sizes, 131072).decode(ByteBuffer.wrap(sink.bytes()));
        assertThat(handler.events).containsExactly("header 300000", "body 131064", "body 131064", "body 37872");
    }

    /** A sink that records which buffers it was allowed to keep. */
    private static final class RetainingSink implements ByteSink {
        final CollectingSink bytes = new CollectingSink();
        final java.util.List<Integer> retainedSizes = new java.util.ArrayList<>();

        @Override
        public void write(ByteBuffer data) {
            bytes.write(data);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
        }

        @Override
        public void writeRetained(ByteBuffer data) {
            retainedSizes.add(data.remaining());
            bytes.write(data);
        }
    }

    @Test
    void aBufferBodyEncodesLikeTheSameArrayBodyRetainedOrCopiedAndKeepsItsPosition() {
        byte[] array = new byte[300_000];
        for (int i = 0; i < array.length; i++) {
            array[i] = (byte) (i * 13);
        }
        BasicProperties properties = BasicProperties.builder().contentType("x").build();
        Basic.Publish publish = new Basic.Publish(0, "ex", "rk", false, false);
        writer.writeContent(7, publish, properties, array, 131072);
        byte[] expected = sink.bytes();

        for (boolean retain : new boolean[] {true, false}) {
            ByteBuffer body = ByteBuffer.allocateDirect(array.length + 10);
            body.position(5);
            body.put(array).flip().position(5);
            RetainingSink retaining = new RetainingSink();
            new FrameWriter(retaining).writeContent(7, publish, properties, body, 131072, retain);

            assertThat(retaining.bytes.bytes()).as("retain " + retain).isEqualTo(expected);
            assertThat(body.position()).isEqualTo(5);
            assertThat(body.limit()).isEqualTo(array.length + 5);
            assertThat(retaining.retainedSizes)
                    .as("each body frame's payload, retain " + retain)
                    .isEqualTo(retain ? java.util.List.of(131064, 131064, 37872) : java.util.List.of());
        }
    }

    @Test
    void anEmptyBufferBodyWritesTheMethodAndHeaderOnly() {
        Basic.Publish publish = new Basic.Publish(0, "", "q", false, false);
        writer.writeContent(1, publish, null, new byte[0], 4096);
        byte[] expected = sink.bytes();
        CollectingSink other = new CollectingSink();
        new FrameWriter(other).writeContent(1, publish, null, ByteBuffer.allocateDirect(0), 4096, true);
        assertThat(other.bytes()).isEqualTo(expected);
    }

    @Test
    void aBufferBodyIsWrittenFrameByFrameEvenWhenTheSinkDropsBytesWithoutConsumingThem() {
        int[] calls = new int[1];
        ByteSink dropping = new ByteSink() { // a closing transport drops writes and may leave the position alone
                    @Override
                    public void write(ByteBuffer data) {
                        calls[0]++;
                    }

                    @Override
                    public void write(byte[] data, int offset, int length) {
                        calls[0]++;
                    }
                };
        ByteBuffer body = ByteBuffer.allocateDirect(300_000);

        new FrameWriter(dropping)
                .writeContent(1, new Basic.Publish(0, "", "q", false, false), null, body, 131072, true);

        assertThat(calls[0])
                .as("3 frame headers, 3 payloads, the last end octet")
                .isEqualTo(7);
    }
}
