package dev.pika.testing.peer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AMQP 0-9-1 frames built by hand for a {@link ScriptedPeer}: the broker's side of the handshake and of a
 * consumer, plus raw frames whose every field (type, size, end octet) the test chooses, to play a broken or
 * malicious broker. Independent of the client under test: the bytes follow the specification, not the client's
 * codec.
 *
 * <p>Stateless; every method returns a new array and is safe from any thread.
 */
public final class AmqpFrames {

    /** Method frame type. */
    public static final int FRAME_METHOD = 1;
    /** Content header frame type. */
    public static final int FRAME_HEADER = 2;
    /** Content body frame type. */
    public static final int FRAME_BODY = 3;
    /** Heartbeat frame type. */
    public static final int FRAME_HEARTBEAT = 8;
    /** The octet that ends every frame. */
    public static final int FRAME_END = 0xCE;

    /** Class and method ids the scripts use, as {@code classId * 1000 + methodId}. */
    public static final int CONNECTION_START = 10_010;
    /** {@code Connection.StartOk}. */
    public static final int CONNECTION_START_OK = 10_011;
    /** {@code Connection.Tune}. */
    public static final int CONNECTION_TUNE = 10_030;
    /** {@code Connection.TuneOk}. */
    public static final int CONNECTION_TUNE_OK = 10_031;
    /** {@code Connection.Open}. */
    public static final int CONNECTION_OPEN = 10_040;
    /** {@code Connection.OpenOk}. */
    public static final int CONNECTION_OPEN_OK = 10_041;
    /** {@code Connection.Close}. */
    public static final int CONNECTION_CLOSE = 10_050;
    /** {@code Connection.CloseOk}. */
    public static final int CONNECTION_CLOSE_OK = 10_051;
    /** {@code Channel.Open}. */
    public static final int CHANNEL_OPEN = 20_010;
    /** {@code Channel.OpenOk}. */
    public static final int CHANNEL_OPEN_OK = 20_011;
    /** {@code Channel.Close}. */
    public static final int CHANNEL_CLOSE = 20_040;
    /** {@code Channel.CloseOk}. */
    public static final int CHANNEL_CLOSE_OK = 20_041;
    /** {@code Basic.Consume}. */
    public static final int BASIC_CONSUME = 60_020;
    /** {@code Basic.ConsumeOk}. */
    public static final int BASIC_CONSUME_OK = 60_021;
    /** {@code Basic.Deliver}. */
    public static final int BASIC_DELIVER = 60_060;

    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    private AmqpFrames() {}

    /** The AMQP 0-9-1 protocol header, {@code "AMQP" 0 0 9 1}. */
    public static byte[] protocolHeader() {
        return PROTOCOL_HEADER.clone();
    }

    /** A frame with an honest size and the right end octet. */
    public static byte[] frame(int type, int channel, byte[] payload) {
        return frame(type, channel, payload, FRAME_END);
    }

    /** A frame with an honest size and the given end octet (anything but {@code 0xCE} is a broken frame). */
    public static byte[] frame(int type, int channel, byte[] payload, int frameEnd) {
        return new PayloadWriter()
                .octet(type)
                .shortInt(channel)
                .longInt(payload.length)
                .bytes(payload)
                .octet(frameEnd)
                .toByteArray();
    }

    /**
     * The start of a frame that announces {@code announcedSize} payload bytes but carries only {@code partialPayload}
     * (no end octet): what a peer sends to make a client allocate what it announced.
     */
    public static byte[] frameStart(int type, int channel, long announcedSize, byte[] partialPayload) {
        return new PayloadWriter()
                .octet(type)
                .shortInt(channel)
                .longInt(announcedSize)
                .bytes(partialPayload)
                .toByteArray();
    }

    /** A method frame: class id, method id, then the arguments as written. */
    public static byte[] method(int channel, int classId, int methodId, byte[] arguments) {
        byte[] payload = new PayloadWriter()
                .shortInt(classId)
                .shortInt(methodId)
                .bytes(arguments)
                .toByteArray();
        return frame(FRAME_METHOD, channel, payload);
    }

    /** A heartbeat frame (channel 0, empty payload). */
    public static byte[] heartbeat() {
        return frame(FRAME_HEARTBEAT, 0, new byte[0]);
    }

    /** The server properties of {@link #connectionStart()}: product, version and RabbitMQ's usual capabilities. */
    public static Map<String, Object> defaultServerProperties() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("basic.nack", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("authentication_failure_close", true);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", "pika-java ScriptedPeer");
        properties.put("version", "0.0.0");
        properties.put("capabilities", capabilities);
        return properties;
    }

    /** {@code Connection.Start} 0-9 with {@link #defaultServerProperties()}, mechanism PLAIN, locale en_US. */
    public static byte[] connectionStart() {
        return connectionStart(
                new PayloadWriter().table(defaultServerProperties()).toByteArray());
    }

    /**
     * {@code Connection.Start} with the server-properties table given as raw bytes, length prefix included: the way
     * to send a table whose length lies.
     */
    public static byte[] connectionStart(byte[] rawServerPropertiesTable) {
        byte[] arguments = new PayloadWriter()
                .octet(0)
                .octet(9)
                .bytes(rawServerPropertiesTable)
                .longString("PLAIN AMQPLAIN")
                .longString("en_US")
                .toByteArray();
        return method(0, 10, 10, arguments);
    }

    /** {@code Connection.Tune}: the server's proposal for channel_max, frame_max and heartbeat (seconds). */
    public static byte[] connectionTune(int channelMax, long frameMax, int heartbeatSeconds) {
        return method(
                0,
                10,
                30,
                new PayloadWriter()
                        .shortInt(channelMax)
                        .longInt(frameMax)
                        .shortInt(heartbeatSeconds)
                        .toByteArray());
    }

    /** {@code Connection.OpenOk}. */
    public static byte[] connectionOpenOk() {
        return method(0, 10, 41, new PayloadWriter().shortString("").toByteArray());
    }

    /** {@code Connection.Close} from the server. */
    public static byte[] connectionClose(int replyCode, String replyText, int failingClassId, int failingMethodId) {
        return method(
                0,
                10,
                50,
                new PayloadWriter()
                        .shortInt(replyCode)
                        .shortString(replyText)
                        .shortInt(failingClassId)
                        .shortInt(failingMethodId)
                        .toByteArray());
    }

    /** {@code Connection.CloseOk}. */
    public static byte[] connectionCloseOk() {
        return method(0, 10, 51, new byte[0]);
    }

    /** {@code Channel.OpenOk} on {@code channel}. */
    public static byte[] channelOpenOk(int channel) {
        return method(channel, 20, 11, new PayloadWriter().longString("").toByteArray());
    }

    /** {@code Channel.CloseOk} on {@code channel}. */
    public static byte[] channelCloseOk(int channel) {
        return method(channel, 20, 41, new byte[0]);
    }

    /** {@code Basic.ConsumeOk} on {@code channel}. */
    public static byte[] basicConsumeOk(int channel, String consumerTag) {
        return method(
                channel, 60, 21, new PayloadWriter().shortString(consumerTag).toByteArray());
    }

    /** {@code Basic.Deliver} on {@code channel} (its content header and body follow separately). */
    public static byte[] basicDeliver(
            int channel,
            String consumerTag,
            long deliveryTag,
            boolean redelivered,
            String exchange,
            String routingKey) {
        return method(
                channel,
                60,
                60,
                new PayloadWriter()
                        .shortString(consumerTag)
                        .longLong(deliveryTag)
                        .bit(redelivered)
                        .shortString(exchange)
                        .shortString(routingKey)
                        .toByteArray());
    }

    /** A content header of class 60 (basic) announcing {@code bodySize} bytes, with no properties. */
    public static byte[] contentHeader(int channel, long bodySize) {
        return contentHeader(channel, bodySize, new PayloadWriter().shortInt(0).toByteArray());
    }

    /**
     * A content header of class 60 with the property flags and property values given as raw bytes, e.g. the headers
     * flag {@code 0x2000} followed by a table whose length lies.
     */
    public static byte[] contentHeader(int channel, long bodySize, byte[] rawFlagsAndProperties) {
        byte[] payload = new PayloadWriter()
                .shortInt(60)
                .shortInt(0)
                .longLong(bodySize)
                .bytes(rawFlagsAndProperties)
                .toByteArray();
        return frame(FRAME_HEADER, channel, payload);
    }

    /** A content body frame. */
    public static byte[] contentBody(int channel, byte[] body) {
        return frame(FRAME_BODY, channel, body);
    }

    /** A content body frame holding {@code text} in UTF-8. */
    public static byte[] contentBody(int channel, String text) {
        return contentBody(channel, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Concatenates frames (or any bytes) into one array, to send them in one write. */
    public static byte[] concat(byte[]... parts) {
        PayloadWriter writer = new PayloadWriter();
        for (byte[] part : parts) {
            writer.bytes(part);
        }
        return writer.toByteArray();
    }
}
