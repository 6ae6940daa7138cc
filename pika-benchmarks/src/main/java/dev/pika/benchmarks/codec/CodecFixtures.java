package dev.pika.benchmarks.codec;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.frame.ByteSink;
import dev.pika.frame.FieldTables;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Basic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs both codecs are measured on: the same message, the same wire bytes, the same field table.
 *
 * <p>Immutable values; the factory methods return new objects.
 */
final class CodecFixtures {

    /** The negotiated frame_max RabbitMQ proposes by default. */
    static final int FRAME_MAX = 131_072;

    static final int CHANNEL = 1;
    static final String QUEUE = "perf-test-queue";
    static final String CONSUMER_TAG = "amq.ctag-benchmark-consumer";
    static final String CONTENT_TYPE = "application/octet-stream";
    static final int BODY_SIZE = 100;

    private CodecFixtures() {}

    static byte[] body() {
        byte[] body = new byte[BODY_SIZE];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    static BasicProperties properties() {
        return BasicProperties.builder()
                .contentType(CONTENT_TYPE)
                .deliveryMode(DeliveryMode.PERSISTENT)
                .build();
    }

    /**
     * A typical headers table: strings, numbers, a flag and a nested table.
     *
     * @return an insertion-ordered table both codecs can write
     */
    static Map<String, Object> table() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("region", "eu-west-1");
        nested.put("attempt", 3);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("x-match", "all");
        table.put("content-owner", "billing-service");
        table.put("count", 42);
        table.put("sequence", 1_234_567_890_123L);
        table.put("redelivered", Boolean.TRUE);
        table.put("trace", nested);
        return table;
    }

    /**
     * The frames a broker sends for one delivery: basic.deliver, content header, one body frame.
     *
     * @return the bytes, from position 0 to the limit
     */
    static byte[] deliveryFrames() {
        HeapSink sink = new HeapSink(4096);
        FrameWriter writer = new FrameWriter(sink);
        writer.writeContent(
                CHANNEL, new Basic.Deliver(CONSUMER_TAG, 42L, false, "", QUEUE), properties(), body(), FRAME_MAX);
        return sink.toByteArray();
    }

    /**
     * The encoded form of {@link #table()}, length prefix included.
     *
     * @return the bytes
     */
    static byte[] tableBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        FieldTables.write(buffer, table());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * A reusable byte sink that copies what it is given, as the client's transport does; {@link #reset()} empties it.
     *
     * <p>Not thread-safe.
     */
    static final class HeapSink implements ByteSink {

        private final ByteBuffer buffer;

        HeapSink(int capacity) {
            this.buffer = ByteBuffer.allocate(capacity);
        }

        @Override
        public void write(ByteBuffer data) {
            buffer.put(data);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            buffer.put(data, offset, length);
        }

        void reset() {
            buffer.clear();
        }

        int size() {
            return buffer.position();
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
