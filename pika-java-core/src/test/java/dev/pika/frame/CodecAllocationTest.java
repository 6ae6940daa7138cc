package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The codec creates no garbage per frame beyond the decoded objects: counted with the JVM's per-thread allocation
 * counter (not a timing), over many frames so that the measurement's own overhead is negligible. Skipped on JVMs
 * without {@code com.sun.management.ThreadMXBean}.
 */
class CodecAllocationTest {

    private static final int FRAMES = 20_000;

    private com.sun.management.ThreadMXBean threads;

    @BeforeEach
    void allocationCounter() {
        boolean supported = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported();
        assumeTrue(supported, "this JVM does not count allocated bytes per thread");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    @Test
    void heartbeatsAllocateNothing() {
        byte[] stream = repeat(Hex.bytes("08 0000 00000000 ce"), FRAMES);
        FrameDecoder decoder = new FrameDecoder(new CountingHandler(), 4096);
        decoder.decode(ByteBuffer.wrap(stream)); // warm up

        long perFrame = allocatedPerFrame(() -> decoder.decode(ByteBuffer.wrap(stream)));

        assertThat(perFrame).isZero();
    }

    @Test
    void methodFramesAllocateOnlyTheDecodedRecord() {
        byte[] stream = repeat(Hex.bytes("01 0001 0000000d 003c 0050 0000000000000005 01 ce"), FRAMES);
        FrameDecoder decoder = new FrameDecoder(new CountingHandler(), 4096);
        decoder.decode(ByteBuffer.wrap(stream));

        long perFrame = allocatedPerFrame(() -> decoder.decode(ByteBuffer.wrap(stream)));

        // a Basic.Ack record is 24 bytes (32 without compressed class pointers); a copy of the 13-byte payload would
        // add 32 more
        assertThat(perFrame).isLessThanOrEqualTo(32);
    }

    @Test
    void deliveriesWithTheSameNamesAllocateOnlyTheRecord() {
        ByteBuffer arguments = ByteBuffer.allocate(256);
        new Basic.Deliver("ctag1.4f3a9e0c2b7d4e51a6c8f0e2d4b6a8c0", 7, false, "", "orders.eu").encode(arguments);
        arguments.flip();
        ByteBuffer frame = ByteBuffer.allocate(arguments.remaining() + 12);
        frame.put((byte) 1).putShort((short) 1).putInt(arguments.remaining() + 4);
        frame.putShort((short) 60).putShort((short) 60).put(arguments).put((byte) 0xCE);
        byte[] stream = repeat(frame.array(), FRAMES);
        FrameDecoder decoder = new FrameDecoder(new CountingHandler(), 4096);
        decoder.decode(ByteBuffer.wrap(stream));

        long perFrame = allocatedPerFrame(() -> decoder.decode(ByteBuffer.wrap(stream)));

        // a Basic.Deliver record is 32 bytes (40 without compressed class pointers); decoding the consumer tag and the
        // routing key anew would add about 150 more
        assertThat(perFrame).isLessThanOrEqualTo(40);
    }

    @Test
    void framesSplitAcrossReadsAreStagedInAReusedBuffer() {
        byte[] frame = Hex.bytes("01 0001 0000000d 003c 0050 0000000000000005 01 ce");
        byte[] stream = repeat(frame, FRAMES);
        FrameDecoder decoder = new FrameDecoder(new CountingHandler(), 4096);
        Runnable splitEveryFrame = () -> {
            ByteBuffer input = ByteBuffer.wrap(stream);
            for (int offset = 0; offset < stream.length; offset += frame.length) {
                input.limit(offset + 10);
                decoder.decode(input);
                input.limit(offset + frame.length);
                decoder.decode(input);
            }
        };
        splitEveryFrame.run();

        assertThat(allocatedPerFrame(splitEveryFrame)).isLessThanOrEqualTo(32);
    }

    @Test
    void bodyFramesAreStreamedWithoutCopies() {
        byte[] body = new byte[1000];
        byte[] frame = ByteBuffer.allocate(1008)
                .put((byte) 3)
                .putShort((short) 1)
                .putInt(1000)
                .put(body)
                .put((byte) 0xCE)
                .array();
        byte[] stream = repeat(frame, FRAMES);
        FrameDecoder decoder = new FrameDecoder(new CountingHandler(), 4096);
        decoder.decode(ByteBuffer.wrap(stream));

        assertThat(allocatedPerFrame(() -> decoder.decode(ByteBuffer.wrap(stream))))
                .isZero();
    }

    @Test
    void writingMethodsAndContentAllocatesNothing() {
        ByteSink counting = new ByteSink() {
            long bytes;

            @Override
            public void write(ByteBuffer data) {
                bytes += data.remaining();
                data.position(data.limit());
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                bytes += length;
            }
        };
        FrameWriter writer = new FrameWriter(counting);
        Method ack = new Basic.Ack(42, true);
        Method publish = new Basic.Publish(0, "exchange", "routing.key", false, false);
        BasicProperties properties = BasicProperties.builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId("id-1")
                .build();
        byte[] body = new byte[100];
        Runnable write = () -> {
            for (int i = 0; i < FRAMES; i++) {
                writer.writeMethod(1, ack);
                writer.writeContent(1, publish, properties, body, 131072);
            }
        };
        write.run();

        assertThat(allocatedPerFrame(write)).isZero();
    }

    /** Bytes allocated by the current thread while running {@code work}, divided by {@link #FRAMES}. */
    private long allocatedPerFrame(Runnable work) {
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        work.run();
        long after = threads.getThreadAllocatedBytes(threadId);
        return (after - before) / FRAMES;
    }

    private static byte[] repeat(byte[] frame, int times) {
        ByteBuffer stream = ByteBuffer.allocate(frame.length * times);
        for (int i = 0; i < times; i++) {
            stream.put(frame);
        }
        return stream.array();
    }

    private static final class CountingHandler implements FrameHandler {
        long events;

        @Override
        public void onMethod(int channel, Method method) {
            events++;
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
            events++;
        }

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {
            events += fragment.remaining();
        }

        @Override
        public void onHeartbeat(int channel) {
            events++;
        }

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {
            events++;
        }
    }
}
