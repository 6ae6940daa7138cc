package dev.pika.benchmarks.codec;

import dev.pika.BasicProperties;
import dev.pika.frame.ContentAssembler;
import dev.pika.frame.FieldTables;
import dev.pika.frame.FrameDecoder;
import dev.pika.frame.FrameHandler;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * pika-java's codec: {@code FrameWriter} for a publish, {@code FrameDecoder} + {@code ContentAssembler} for a
 * delivery (from a heap buffer, and from a direct buffer as the I/O loop's reads are), {@code FieldTables} both ways.
 *
 * <p>JMH state, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PikaCodecBenchmark {

    private CodecFixtures.HeapSink sink;
    private FrameWriter writer;
    private BasicProperties properties;
    private byte[] body;

    private Map<String, Object> table;
    private ByteBuffer tableScratch;
    private ByteBuffer tableBytes;

    /** Builds the writer and the inputs. */
    @Setup
    public void setUp() {
        sink = new CodecFixtures.HeapSink(4096);
        writer = new FrameWriter(sink);
        writer.setMaxFrameSize(CodecFixtures.FRAME_MAX);
        properties = CodecFixtures.properties();
        body = CodecFixtures.body();

        table = CodecFixtures.table();
        tableScratch = ByteBuffer.allocate(4096);
        tableBytes = ByteBuffer.wrap(CodecFixtures.tableBytes());
    }

    /**
     * Encodes basic.publish, its content header and a 100-byte body into the sink, as {@code basicPublish} does.
     *
     * @return the bytes written
     */
    @Benchmark
    public int encodePublish() {
        sink.reset();
        writer.writeContent(
                CodecFixtures.CHANNEL,
                new Basic.Publish(0, "", CodecFixtures.QUEUE, false, false),
                properties,
                body,
                CodecFixtures.FRAME_MAX);
        return sink.size();
    }

    /**
     * Decodes basic.deliver, its header and body into a complete message.
     *
     * @param delivery the decoder and its input
     * @return the assembled body
     */
    @Benchmark
    public byte[] decodeDelivery(Delivery delivery) {
        delivery.bytes.rewind();
        delivery.decoder.decode(delivery.bytes);
        return delivery.lastBody;
    }

    /**
     * Encodes the field table.
     *
     * @return the bytes written
     */
    @Benchmark
    public int encodeFieldTable() {
        tableScratch.clear();
        FieldTables.write(tableScratch, table);
        return tableScratch.position();
    }

    /**
     * Decodes the field table.
     *
     * @return the table
     */
    @Benchmark
    public Map<String, Object> decodeFieldTable() {
        tableBytes.rewind();
        return FieldTables.read(tableBytes);
    }

    /**
     * The delivery's frames and a decoder with its content assembler.
     *
     * <p>JMH state, one instance per benchmark thread.
     */
    @State(Scope.Thread)
    public static class Delivery {

        /** Where the frames are read from: a heap buffer, or a direct buffer as the I/O loop's reads are. */
        @Param({"heap", "direct"})
        public String input;

        private ByteBuffer bytes;
        private FrameDecoder decoder;
        private byte[] lastBody;

        /** Builds the input and the decoder. */
        @Setup
        public void setUp() {
            byte[] frames = CodecFixtures.deliveryFrames();
            bytes = input.equals("direct")
                    ? ByteBuffer.allocateDirect(frames.length)
                    : ByteBuffer.allocate(frames.length);
            bytes.put(frames).flip();
            ContentAssembler assembler = new ContentAssembler(
                    CodecFixtures.CHANNEL,
                    ContentAssembler.MAX_BODY_SIZE_LIMIT,
                    (method, properties, content) -> lastBody = content);
            decoder = new FrameDecoder(new AssemblingHandler(assembler), CodecFixtures.FRAME_MAX);
        }
    }

    /** Routes decoded frames of channel 1 to its content assembler, as the connection does. */
    private static final class AssemblingHandler implements FrameHandler {

        private final ContentAssembler assembler;

        AssemblingHandler(ContentAssembler assembler) {
            this.assembler = assembler;
        }

        @Override
        public void onMethod(int channel, Method method) {
            assembler.onMethod(method);
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
            assembler.onHeader(classId, bodySize, properties);
        }

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {
            assembler.onBody(fragment);
        }

        @Override
        public void onHeartbeat(int channel) {}

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {}
    }
}
