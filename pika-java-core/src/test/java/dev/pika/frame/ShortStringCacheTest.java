package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShortStringCacheTest {

    @AfterEach
    void emptyTheCache() {
        ShortStringCache.clear();
    }

    @Test
    void aRepeatedNameIsDecodedOnceAndSharedByEveryRead() {
        String first = WireFormat.readShortString(shortString("amq.ctag-Ab3dE_f9"));
        String second = WireFormat.readShortString(shortString("amq.ctag-Ab3dE_f9"));

        assertThat(second).isEqualTo("amq.ctag-Ab3dE_f9").isSameAs(first);
    }

    @Test
    void stringsThatShareALengthAndTheirEndsAreStillTellApart() {
        // Same length, same first and last eight bytes: the same slot, told apart by the byte comparison.
        String a = WireFormat.readShortString(shortString("prefix01-AAAA-suffix01"));
        String b = WireFormat.readShortString(shortString("prefix01-BBBB-suffix01"));
        String aAgain = WireFormat.readShortString(shortString("prefix01-AAAA-suffix01"));

        assertThat(a).isEqualTo("prefix01-AAAA-suffix01");
        assertThat(b).isEqualTo("prefix01-BBBB-suffix01");
        assertThat(aAgain).isEqualTo(a);
    }

    @Test
    void decodesExactlyAsTheStringConstructorDoes() {
        byte[] malformed = {'a', (byte) 0xC3, 'b', (byte) 0xFF, 'c', 'd', 'e', 'f', 'g', 'h'};
        List<byte[]> samples = List.of(
                "x".getBytes(StandardCharsets.UTF_8),
                "seven77".getBytes(StandardCharsets.UTF_8),
                "exactly8".getBytes(StandardCharsets.UTF_8),
                "Zürich → 東京 ✓".getBytes(StandardCharsets.UTF_8),
                malformed,
                "n".repeat(ShortStringCache.MAX_CACHED_LENGTH).getBytes(StandardCharsets.UTF_8),
                "l".repeat(ShortStringCache.MAX_CACHED_LENGTH + 1).getBytes(StandardCharsets.UTF_8),
                "m".repeat(255).getBytes(StandardCharsets.UTF_8));
        for (int round = 0; round < 2; round++) {
            for (byte[] bytes : samples) {
                assertThat(WireFormat.readShortString(shortString(bytes)))
                        .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void readsAtAnOffsetAndAdvancesTheBufferPastTheString() {
        ByteBuffer in = ByteBuffer.allocate(64);
        in.put((byte) 0xAA)
                .put((byte) 5)
                .put("queue".getBytes(StandardCharsets.UTF_8))
                .put((byte) 0xBB)
                .flip();
        in.position(1);
        ByteBuffer view = in.slice(); // a non-zero array offset

        assertThat(WireFormat.readShortString(view)).isEqualTo("queue");
        assertThat(view.position()).isEqualTo(6);
        assertThat(view.get()).isEqualTo((byte) 0xBB);
    }

    @Test
    void threadsReadingManyNamesAtOnceAlwaysGetTheRightOne() throws Exception {
        int names = ShortStringCache.SLOTS * 4; // more names than slots: constant replacement between the threads
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < names; i++) {
                            String expected = "routing.key." + ((i * 7 + seed + round) % names);
                            String read = WireFormat.readShortString(shortString(expected));
                            if (!read.equals(expected)) {
                                throw new AssertionError("read '" + read + "' for '" + expected + "'");
                            }
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(20 * names);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ByteBuffer shortString(String value) {
        return shortString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer shortString(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1);
        buffer.put((byte) bytes.length).put(bytes).flip();
        return buffer;
    }
}
