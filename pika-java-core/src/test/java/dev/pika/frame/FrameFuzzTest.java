package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel;
import dev.pika.spec.Connection;
import dev.pika.spec.Exchange;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder (and a content assembler per channel behind it) random and mutated frames, split in random
 * chunks: whatever the bytes, the only outcomes are decoded frames or a {@link ProtocolSyntaxException}: no other
 * exception, no out-of-memory, no endless loop. Bounded: a fixed seed, at most 50,000 inputs and about 2 seconds.
 */
class FrameFuzzTest {

    private static final long SEED = 0x5EED_F00DL;
    private static final int MAX_INPUTS = 50_000;
    private static final long BUDGET_NANOS = Duration.ofSeconds(2).toNanos();
    private static final int MAX_FRAME_SIZE = 8192;

    @Test
    void decoderOnlyYieldsFramesOrProtocolSyntaxExceptions() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), this::fuzz);
    }

    private void fuzz() {
        List<byte[]> seeds = seedFrames();
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int inputs = 0;
        int rejected = 0;
        int framesYielded = 0;
        while (inputs < MAX_INPUTS && System.nanoTime() < deadline) {
            byte[] input = mutate(random, seeds);
            inputs++;
            CountingHandler handler = new CountingHandler();
            FrameDecoder decoder = new FrameDecoder(handler, MAX_FRAME_SIZE);
            try {
                int position = 0;
                while (position < input.length) {
                    int chunk = Math.min(input.length - position, 1 + random.nextInt(64));
                    ByteBuffer buffer = random.nextInt(8) == 0
                            ? ByteBuffer.allocateDirect(chunk)
                                    .put(input, position, chunk)
                                    .flip()
                            : ByteBuffer.wrap(input, position, chunk);
                    decoder.decode(buffer);
                    if (buffer.hasRemaining()) {
                        fail("decode left input unconsumed for " + Hex.of(input));
                    }
                    position += chunk;
                }
            } catch (ProtocolSyntaxException expected) {
                rejected++;
                assertThat(expected.replyCode()).isIn(501, 502, 505, 506, 540);
            } catch (Throwable unexpected) {
                throw new AssertionError("decoding " + Hex.of(input) + " threw " + unexpected, unexpected);
            }
            framesYielded += handler.frames;
        }
        System.out.printf(
                "fuzzed %d inputs: %d rejected with a protocol exception, %d frames decoded%n",
                inputs, rejected, framesYielded);
        assertThat(inputs).as("inputs tried within the budget").isGreaterThan(1000);
        assertThat(rejected).as("inputs rejected").isPositive().isLessThan(inputs);
        assertThat(framesYielded).as("frames decoded").isPositive();
    }

    /** One input: a seed frame (or a few) mutated once or more, or plain random bytes. */
    private static byte[] mutate(Random random, List<byte[]> seeds) {
        if (random.nextInt(20) == 0) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            return noise;
        }
        int frames = 1 + random.nextInt(3);
        ByteBuffer joined = ByteBuffer.allocate(frames * 10_000);
        for (int i = 0; i < frames; i++) {
            joined.put(seeds.get(random.nextInt(seeds.size())));
        }
        byte[] bytes = new byte[joined.position()];
        joined.flip().get(bytes);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(7)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                case 3 -> {
                    // a length or size field gets an extreme value
                    int end = Math.min(bytes.length, at + 4);
                    for (int j = at; j < end; j++) {
                        bytes[j] = (byte) (random.nextBoolean() ? 0xFF : 0x7F);
                    }
                }
                case 4 -> {
                    byte[] longer = new byte[bytes.length + 1 + random.nextInt(16)];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    for (int j = at; j < at + longer.length - bytes.length; j++) {
                        longer[j] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(bytes, at, longer, at + longer.length - bytes.length, bytes.length - at);
                    bytes = longer;
                }
                case 5 -> {
                    // a type octet of a field table gets a random letter
                    bytes[at] = (byte) ('A' + random.nextInt(58));
                }
                default -> {
                    int from = random.nextInt(bytes.length);
                    int length = Math.min(random.nextInt(32), bytes.length - Math.max(at, from));
                    System.arraycopy(bytes, from, bytes, at, Math.max(0, length));
                }
            }
        }
        return bytes;
    }

    private static List<byte[]> seedFrames() {
        CollectingSink sink = new CollectingSink();
        FrameWriter writer = new FrameWriter(sink);
        List<byte[]> seeds = new ArrayList<>();
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("s", "text");
        table.put("i", 42);
        table.put("l", -1L);
        table.put("b", true);
        table.put("d", new BigDecimal("1.25"));
        table.put("t", Instant.ofEpochSecond(1_700_000_000L));
        table.put("x", new byte[] {1, 2, 3});
        table.put("f", Map.of("nested", List.of(1, "a", Map.of("deep", 1.5))));
        table.put("v", null);
        table.put("u", new FieldValue.UnsignedShort(65000));
        List<Method> methods = List.of(
                new Connection.Start(0, 9, table, "PLAIN", "en_US"),
                new Connection.Tune(2047, 131072, 60),
                new Connection.Close(320, "CONNECTION_FORCED", 0, 0),
                new Channel.OpenOk(""),
                new Exchange.DeclareOk(),
                new Queue.DeclareOk("amq.gen-abc", 10, 2),
                new Queue.Declare(0, "q", false, true, false, false, false, table),
                new Basic.ConsumeOk("ctag"),
                new Basic.Ack(12345, true),
                new Basic.Nack(7, true, false),
                new Basic.Cancel("ctag", true));
        for (Method method : methods) {
            sink.reset();
            writer.writeMethod(1, method);
            seeds.add(sink.bytes());
        }
        BasicProperties properties = BasicProperties.builder()
                .contentType("application/json")
                .headers(table)
                .deliveryMode(DeliveryMode.PERSISTENT)
                .timestamp(Instant.ofEpochSecond(1_700_000_000L))
                .messageId("m")
                .build();
        int[] bodySizes = {0, 1, 100, 9000};
        for (int size : bodySizes) {
            sink.reset();
            writer.writeContent(1, new Basic.Deliver("ctag", 1, false, "ex", "rk"), properties, new byte[size], 4096);
            seeds.add(sink.bytes());
        }
        sink.reset();
        writer.writeHeartbeat();
        seeds.add(sink.bytes());
        sink.reset();
        writer.writeProtocolHeader();
        seeds.add(sink.bytes());
        return seeds;
    }

    /** Counts frames and routes content through one assembler per channel, as the engine does. */
    private static final class CountingHandler implements FrameHandler {

        private final Map<Integer, ContentAssembler> assemblers = new HashMap<>();
        int frames;

        private ContentAssembler assembler(int channel) {
            return assemblers.computeIfAbsent(channel, c -> new ContentAssembler(c, 1 << 20, (m, p, b) -> frames++));
        }

        @Override
        public void onMethod(int channel, Method method) {
            frames++;
            assembler(channel).onMethod(method);
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
            frames++;
            assembler(channel).onHeader(classId, bodySize, properties);
        }

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {
            assembler(channel).onBody(fragment);
        }

        @Override
        public void onHeartbeat(int channel) {
            frames++;
        }

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {
            frames++;
        }
    }
}
