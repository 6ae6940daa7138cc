package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import org.junit.jupiter.api.Test;

class OutboundBufferTest {

    private static final int CHUNK = 4096;

    /** A channel that takes at most {@code budget} bytes per call and counts its calls. */
    private static final class ThrottledChannel implements GatheringByteChannel {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int budget;
        int calls;

        ThrottledChannel(int budget) {
            this.budget = budget;
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            calls++;
            long total = 0;
            for (int i = offset; i < offset + length && total < budget; i++) {
                ByteBuffer source = sources[i];
                int count = (int) Math.min(source.remaining(), budget - total);
                byte[] bytes = new byte[count];
                source.get(bytes);
                written.writeBytes(bytes);
                total += count;
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            return (int) write(new ByteBuffer[] {source}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    @Test
    void appendsAcrossChunksAndWritesEverythingInOneGatheringCall() throws Exception {
        ChunkPool pool = new ChunkPool(CHUNK, 8);
        OutboundBuffer buffer = new OutboundBuffer(pool);
        byte[] first = pattern(10_000, 1);
        byte[] second = pattern(3, 2);
        ByteBuffer third = ByteBuffer.wrap(pattern(5_000, 3));
        buffer.append(first, 0, first.length);
        buffer.append(second, 1, 2);
        buffer.append(third);

        assertThat(third.hasRemaining()).isFalse();
        assertThat(buffer.size()).isEqualTo(15_002);
        assertThat(buffer.length()).isEqualTo(4);

        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        assertThat(buffer.writeTo(channel)).isEqualTo(15_002);

        assertThat(channel.calls).isEqualTo(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(first);
        expected.write(second, 1, 2);
        expected.writeBytes(pattern(5_000, 3));
        assertThat(channel.written.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.length()).isZero();
        assertThat(pool.idleChunks()).as("drained chunks went back to the pool").isEqualTo(4);
    }

    @Test
    void partialWritesKeepTheRestInOrderAndFreeOnlyDrainedChunks() throws Exception {
        ChunkPool pool = new ChunkPool(CHUNK, 8);
        OutboundBuffer buffer = new OutboundBuffer(pool);
        byte[] data = pattern(3 * CHUNK, 7);
        buffer.append(data, 0, data.length);
        ThrottledChannel channel = new ThrottledChannel(CHUNK + 100);

        buffer.writeTo(channel);
        assertThat(buffer.size()).isEqualTo(2 * CHUNK - 100);
        assertThat(pool.idleChunks()).isEqualTo(1);

        buffer.append(new byte[] {1, 2, 3}, 0, 3);
        channel.budget = Integer.MAX_VALUE;
        buffer.writeTo(channel);

        byte[] expected = new byte[data.length + 3];
        System.arraycopy(data, 0, expected, 0, data.length);
        expected[data.length] = 1;
        expected[data.length + 1] = 2;
        expected[data.length + 2] = 3;
        assertThat(channel.written.toByteArray()).isEqualTo(expected);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void keepsGrowingPastTheInitialChunkArrayAndReleasesEverything() {
        ChunkPool pool = new ChunkPool(CHUNK, 2);
        OutboundBuffer buffer = new OutboundBuffer(pool);
        byte[] data = pattern(40 * CHUNK + 1, 9);
        buffer.append(data, 0, data.length);
        assertThat(buffer.length()).isEqualTo(41);

        buffer.release();

        assertThat(buffer.size()).isZero();
        assertThat(buffer.length()).isZero();
        assertThat(pool.idleChunks())
                .as("the pool keeps at most maxPooled chunks")
                .isEqualTo(2);
    }

    @Test
    void aRetainedBufferIsSentInPlaceBetweenCopiedBytesAndNeverPooled() throws Exception {
        ChunkPool pool = new ChunkPool(CHUNK, 8);
        OutboundBuffer buffer = new OutboundBuffer(pool);
        ByteBuffer body = ByteBuffer.allocateDirect(3 * CHUNK);
        body.put(pattern(3 * CHUNK, 5)).flip();
        body.position(10); // only the remaining bytes are taken
        buffer.append(new byte[] {1, 2}, 0, 2);
        buffer.appendRetained(body);
        buffer.append(new byte[] {3}, 0, 1);

        assertThat(body.position()).isEqualTo(body.limit());
        assertThat(buffer.size()).isEqualTo(2 + 3 * CHUNK - 10 + 1);
        assertThat(buffer.length())
                .as("a chunk, the view, and a new chunk for the byte after it")
                .isEqualTo(3);
        body.put(10, (byte) 99); // the caller changes the bytes before they are sent: a reference, not a copy

        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        buffer.writeTo(channel);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {1, 2}, 0, 2);
        byte[] retained = pattern(3 * CHUNK, 5);
        retained[10] = 99;
        expected.write(retained, 10, retained.length - 10);
        expected.write(3);
        assertThat(channel.written.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(pool.idleChunks()).as("the two chunks, not the view").isEqualTo(2);
        assertThat(body.get(10)).as("the caller's buffer was read, not written").isEqualTo((byte) 99);
    }

    @Test
    void aPartlySentRetainedBufferKeepsItsRestAndReleaseDropsItWithoutPoolingIt() throws Exception {
        ChunkPool pool = new ChunkPool(CHUNK, 8);
        OutboundBuffer buffer = new OutboundBuffer(pool);
        byte[] bytes = pattern(2 * CHUNK, 3);
        ByteBuffer body = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        buffer.appendRetained(body);
        ThrottledChannel channel = new ThrottledChannel(CHUNK);
        buffer.writeTo(channel);
        assertThat(buffer.size()).isEqualTo(CHUNK);
        channel.budget = Integer.MAX_VALUE;
        buffer.writeTo(channel);
        assertThat(channel.written.toByteArray()).isEqualTo(bytes);

        for (int i = 0; i < 20; i++) { // past the initial array of 8: grows with views in it
            buffer.appendRetained(ByteBuffer.allocateDirect(CHUNK));
            buffer.append(new byte[] {(byte) i}, 0, 1);
        }
        assertThat(buffer.length()).isEqualTo(40);
        buffer.release();
        assertThat(buffer.size()).isZero();
        assertThat(pool.idleChunks())
                .as("only the pooled chunks went back, at most maxPooled")
                .isEqualTo(8);
    }
}
