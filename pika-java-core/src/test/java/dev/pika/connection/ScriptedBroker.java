package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.frame.ByteSink;
import dev.pika.frame.ContentAssembler;
import dev.pika.frame.FrameDecoder;
import dev.pika.frame.FrameHandler;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Method;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted broker for engine tests: it decodes what the client writes with the real {@link FrameDecoder} (content
 * assembled), and answers with the real {@link FrameWriter}, feeding the bytes to a {@link TestConnection}. Tests
 * expect frames one by one and send replies; {@link #splitEveryByte} feeds replies one byte per read.
 */
public final class ScriptedBroker {

    /** A frame (or an assembled message) the client sent. */
    public record Frame(int channel, Method method, BasicProperties properties, byte[] body, String special) {

        boolean isHeartbeat() {
            return "heartbeat".equals(special);
        }

        @Override
        public String toString() {
            return special != null ? special + " on " + channel : method + " on " + channel;
        }
    }

    public final ManualIoServices io = new ManualIoServices();
    public final List<Connection> opened = new ArrayList<>();
    public final List<AmqpConnectionException> openErrors = new ArrayList<>();
    public final List<AmqpConnectionException> closes = new ArrayList<>();
    public final TestConnection connection;

    private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
    private final FrameDecoder decoder;
    private final Map<Integer, ContentAssembler> assemblers = new HashMap<>();
    private final ByteArrayOutputStream outgoing = new ByteArrayOutputStream();
    private final FrameWriter writer;
    private int frameMax = 131072;
    private boolean splitEveryByte;

    public ScriptedBroker(ConnectionParameters params) {
        this.connection = new TestConnection(
                params, io, opened::add, (c, error) -> openErrors.add(error), (c, reason) -> closes.add(reason));
        this.decoder = new FrameDecoder(new Recorder(), 1 << 24);
        this.writer = new FrameWriter(new ByteSink() {
            @Override
            public void write(ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                outgoing.write(bytes, 0, bytes.length);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                outgoing.write(data, offset, length);
            }
        });
    }

    /** A broker with default parameters (guest/guest on {@code /}) and a connected stream. */
    public static ScriptedBroker connected() {
        return connected(ConnectionParameters.defaults());
    }

    public static ScriptedBroker connected(ConnectionParameters params) {
        ScriptedBroker broker = new ScriptedBroker(params);
        broker.connection.connectStream();
        return broker;
    }

    /** Feeds every reply one byte per read from now on. */
    public ScriptedBroker splitEveryByte() {
        this.splitEveryByte = true;
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // What the client sent

    private void pump() {
        CapturingTransport transport = connection.transport();
        if (transport != null) {
            byte[] bytes = transport.drain();
            if (bytes.length > 0) {
                decoder.decode(ByteBuffer.wrap(bytes));
            }
        }
    }

    /** The next frame the client sent; fails when there is none. */
    public Frame next() {
        pump();
        Frame frame = inbox.poll();
        if (frame == null) {
            fail("the client sent nothing more");
        }
        return frame;
    }

    /** Expects the next frame to be {@code type} on {@code channel}, and returns the method. */
    public <T extends Method> T expect(int channel, Class<T> type) {
        Frame frame = next();
        assertThat(frame.method()).as("next frame from the client: %s", frame).isInstanceOf(type);
        assertThat(frame.channel()).as("channel of %s", frame).isEqualTo(channel);
        return type.cast(frame.method());
    }

    /** Expects a content-bearing method with its content on {@code channel}. */
    public Frame expectContent(int channel, Class<? extends Method> type) {
        Frame frame = next();
        assertThat(frame.method()).as("next frame from the client: %s", frame).isInstanceOf(type);
        assertThat(frame.channel()).isEqualTo(channel);
        assertThat(frame.body()).as("content of %s", frame).isNotNull();
        return frame;
    }

    public void expectHeartbeat() {
        Frame frame = next();
        assertThat(frame.isHeartbeat())
                .as("expected a heartbeat, got %s", frame)
                .isTrue();
    }

    public void expectNothing() {
        pump();
        assertThat(inbox).as("frames the client sent").isEmpty();
    }

    /** Every frame sent so far, consumed. */
    public List<Frame> drainAll() {
        pump();
        List<Frame> frames = new ArrayList<>(inbox);
        inbox.clear();
        return frames;
    }

    // ------------------------------------------------------------------------------------------------
    // Replies

    public ScriptedBroker send(int channel, Method method) {
        writer.writeMethod(channel, method);
        return flush();
    }

    public ScriptedBroker sendContent(int channel, Method method, BasicProperties properties, byte[] body) {
        writer.writeContent(channel, method, properties, body, frameMax);
        return flush();
    }

    public ScriptedBroker sendHeartbeat() {
        writer.writeHeartbeat();
        return flush();
    }

    /** Queues frames without delivering them, to deliver several in one read with {@link #flush()}. */
    public ScriptedBroker queue(int channel, Method method) {
        writer.writeMethod(channel, method);
        return this;
    }

    /** Queues a method frame alone, even for a content-bearing method (to send its content frames by hand). */
    public ScriptedBroker queueMethodFrame(int channel, Method method) {
        ByteBuffer payload = ByteBuffer.allocate(frameMax);
        payload.putShort((short) method.classId()).putShort((short) method.methodId());
        method.encode(payload);
        payload.flip();
        ByteBuffer frame = ByteBuffer.allocate(payload.remaining() + 8);
        frame.put((byte) 1)
                .putShort((short) channel)
                .putInt(payload.remaining())
                .put(payload)
                .put((byte) 0xCE);
        outgoing.write(frame.array(), 0, frame.capacity());
        return this;
    }

    public ScriptedBroker queueContent(int channel, Method method, BasicProperties properties, byte[] body) {
        writer.writeContent(channel, method, properties, body, frameMax);
        return this;
    }

    /** Takes the bytes of the frames queued so far without delivering them (raw frames may then follow). */
    public byte[] takeQueued() {
        byte[] bytes = outgoing.toByteArray();
        outgoing.reset();
        return bytes;
    }

    public ScriptedBroker sendBytes(byte[] bytes) {
        outgoing.write(bytes, 0, bytes.length);
        return flush();
    }

    /** Delivers what was queued, in one read (or one byte per read). */
    public ScriptedBroker flush() {
        byte[] bytes = outgoing.toByteArray();
        outgoing.reset();
        if (splitEveryByte) {
            for (byte b : bytes) {
                connection.receive(ByteBuffer.wrap(new byte[] {b}));
            }
        } else if (bytes.length > 0) {
            connection.receive(ByteBuffer.wrap(bytes));
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // Scripts

    /** RabbitMQ 3.10's capabilities. */
    public static Map<String, Object> rabbitCapabilities() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("basic.nack", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("consumer_priorities", true);
        capabilities.put("authentication_failure_close", true);
        capabilities.put("per_consumer_qos", true);
        capabilities.put("direct_reply_to", true);
        return capabilities;
    }

    public static dev.pika.spec.Connection.Start rabbitStart() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("capabilities", rabbitCapabilities());
        properties.put("product", "RabbitMQ");
        properties.put("version", "3.10.8");
        return new dev.pika.spec.Connection.Start(0, 9, properties, "AMQPLAIN PLAIN", "en_US");
    }

    /** Runs the handshake up to {@code Connection.OpenOk} with a broker proposing {@code tune}. */
    public ScriptedBroker open(dev.pika.spec.Connection.Tune tune) {
        assertThat(next().special()).isEqualTo("AMQP 0-9-1");
        send(0, rabbitStart());
        expect(0, dev.pika.spec.Connection.StartOk.class);
        send(0, tune);
        dev.pika.spec.Connection.TuneOk tuneOk = expect(0, dev.pika.spec.Connection.TuneOk.class);
        frameMax = (int) tuneOk.frameMax();
        expect(0, dev.pika.spec.Connection.Open.class);
        send(0, new dev.pika.spec.Connection.OpenOk(""));
        assertThat(connection.isOpen()).isTrue();
        return this;
    }

    /** Runs the handshake with RabbitMQ's defaults and heartbeats off. */
    public ScriptedBroker open() {
        return open(new dev.pika.spec.Connection.Tune(2047, 131072, 0));
    }

    /** Opens a channel and answers its {@code Channel.Open}. */
    public Channel openChannel() {
        List<Channel> opened = new ArrayList<>();
        Channel channel = connection.channel(opened::add);
        expect(channel.channelNumber(), dev.pika.spec.Channel.Open.class);
        send(channel.channelNumber(), new dev.pika.spec.Channel.OpenOk(""));
        assertThat(opened).containsExactly(channel);
        return channel;
    }

    /** Lets the transport report its end (it does so on the next loop turn). */
    public void runLoop() {
        io.runPending();
    }

    private final class Recorder implements FrameHandler {
        private boolean headerSeen;

        @Override
        public void onMethod(int channel, Method method) {
            ContentAssembler assembler = assemblers.computeIfAbsent(
                    channel,
                    number -> new ContentAssembler(
                            number,
                            ContentAssembler.MAX_BODY_SIZE_LIMIT,
                            (m, properties, body) -> inbox.add(new Frame(number, m, properties, body, null))));
            if (!assembler.onMethod(method)) {
                inbox.add(new Frame(channel, method, null, null, null));
            }
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
            assemblers.get(channel).onHeader(classId, bodySize, properties);
        }

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {
            assemblers.get(channel).onBody(fragment);
        }

        @Override
        public void onHeartbeat(int channel) {
            inbox.add(new Frame(channel, null, null, null, "heartbeat"));
        }

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {
            if (headerSeen) {
                fail("second protocol header");
            }
            headerSeen = true;
            inbox.add(new Frame(0, null, null, null, "AMQP " + major + "-" + minor + "-" + revision));
        }
    }
}
