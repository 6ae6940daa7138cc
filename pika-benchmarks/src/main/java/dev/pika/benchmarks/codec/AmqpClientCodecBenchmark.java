package dev.pika.benchmarks.codec;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQCommand;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.ValueReader;
import com.rabbitmq.client.impl.ValueWriter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RabbitMQ Java client's codec on the same inputs, through its public classes the way its blocking socket
 * transport uses them: frames built by {@code Method.toFrame}, {@code AMQContentHeader.toFrame} and
 * {@code Frame.fromBodyFragment}, written with {@code Frame.writeTo(DataOutputStream)}; frames read with
 * {@code Frame.readFrom(DataInputStream, ...)} and assembled by {@code AMQCommand.handleFrame}; tables through
 * {@code ValueWriter}/{@code ValueReader}.
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
public class AmqpClientCodecBenchmark {

    private static final int FRAME_BODY = 3;
    private static final IntSupplier PAYLOAD_LIMIT = () -> CodecFixtures.FRAME_MAX;

    private ReusableOutputStream output;
    private DataOutputStream dataOutput;
    private AMQP.BasicProperties properties;
    private ByteBuffer body;

    private ByteArrayInputStream deliveryBytes;
    private DataInputStream deliveryInput;

    private Map<String, Object> table;
    private ValueWriter tableWriter;
    private ByteArrayInputStream tableBytes;
    private ValueReader tableReader;

    /** Builds the streams and the inputs. */
    @Setup
    public void setUp() {
        output = new ReusableOutputStream(4096);
        dataOutput = new DataOutputStream(output);
        properties = new AMQP.BasicProperties.Builder()
                .contentType(CodecFixtures.CONTENT_TYPE)
                .deliveryMode(2)
                .build();
        body = ByteBuffer.wrap(CodecFixtures.body());

        deliveryBytes = new ByteArrayInputStream(CodecFixtures.deliveryFrames());
        deliveryInput = new DataInputStream(deliveryBytes);

        table = CodecFixtures.table();
        tableWriter = new ValueWriter(dataOutput);
        tableBytes = new ByteArrayInputStream(CodecFixtures.tableBytes());
        tableReader = new ValueReader(new DataInputStream(tableBytes));
    }

    /**
     * Encodes basic.publish, its content header and a 100-byte body, as {@code AMQCommand.transmit} does.
     *
     * @return the bytes written
     * @throws IOException never (in-memory stream)
     */
    @Benchmark
    public int encodePublish() throws IOException {
        output.reset();
        int size = body.remaining();
        new AMQImpl.Basic.Publish(0, "", CodecFixtures.QUEUE, false, false)
                .toFrame(CodecFixtures.CHANNEL)
                .writeTo(dataOutput);
        properties.toFrame(CodecFixtures.CHANNEL, size).writeTo(dataOutput);
        Frame.fromBodyFragment(CodecFixtures.CHANNEL, body, 0, size).writeTo(dataOutput);
        return output.size();
    }

    /**
     * Decodes basic.deliver, its header and body into a complete command.
     *
     * @return the assembled body
     * @throws IOException never (in-memory stream)
     */
    @Benchmark
    public byte[] decodeDelivery() throws IOException {
        deliveryBytes.reset();
        AMQCommand command = new AMQCommand();
        boolean complete = false;
        while (!complete) {
            Frame frame = Frame.readFrom(deliveryInput, PAYLOAD_LIMIT);
            complete = command.handleFrame(frame);
            if (frame.getType() == FRAME_BODY && !complete) {
                throw new IllegalStateException("the body frame did not complete the command");
            }
        }
        return command.getContentBody();
    }

    /**
     * Encodes the field table.
     *
     * @return the bytes written
     * @throws IOException never (in-memory stream)
     */
    @Benchmark
    public int encodeFieldTable() throws IOException {
        output.reset();
        tableWriter.writeTable(table);
        return output.size();
    }

    /**
     * Decodes the field table.
     *
     * @return the table
     * @throws IOException never (in-memory stream)
     */
    @Benchmark
    public Map<String, Object> decodeFieldTable() throws IOException {
        tableBytes.reset();
        return tableReader.readTable();
    }

    /**
     * An output stream into one reusable array, so both codecs write into memory they do not allocate per call.
     *
     * <p>Not thread-safe.
     */
    static final class ReusableOutputStream extends OutputStream {

        private byte[] buffer;
        private int size;

        ReusableOutputStream(int capacity) {
            this.buffer = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            ensure(length);
            System.arraycopy(data, offset, buffer, size, length);
            size += length;
        }

        void reset() {
            size = 0;
        }

        int size() {
            return size;
        }

        private void ensure(int extra) {
            if (size + extra > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
            }
        }
    }
}
