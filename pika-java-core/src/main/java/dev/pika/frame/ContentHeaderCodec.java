package dev.pika.frame;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Encodes and decodes {@link BasicProperties} as the property part of a content header frame: a 16-bit flag word per
 * 15 properties (bit 15 first; bit 0 set when another flag word follows), then the present properties in order.
 * The flags come from the generated {@link Basic} constants ({@code Basic.FLAG_CONTENT_TYPE}...).
 *
 * <p>Decoding reuses one builder, so an instance is not thread-safe: use one per decoder (the I/O thread's).
 * {@link #write(ByteBuffer, BasicProperties)} is static and stateless.
 */
public final class ContentHeaderCodec {

    private final BasicProperties.Builder builder = BasicProperties.builder();

    /** Creates a codec with its own reusable builder. */
    public ContentHeaderCodec() {}

    /**
     * Reads the property flags and properties. Flag words after the first (bit 0 set) are skipped: {@code basic} has
     * 14 properties, so later words carry no property this client knows.
     *
     * @param in the buffer, positioned at the first flag word; advanced past the properties
     * @return the properties; {@link BasicProperties#EMPTY} when no flag is set
     * @throws dev.pika.exceptions.InvalidFrameException when a property runs past the buffer's limit
     * @throws java.nio.BufferUnderflowException when the buffer ends inside a fixed-size field (the frame decoder
     *     turns it into an {@code InvalidFrameException})
     */
    public BasicProperties read(ByteBuffer in) {
        int flags = in.getShort() & 0xFFFF;
        int word = flags;
        while ((word & 1) != 0) {
            word = in.getShort() & 0xFFFF;
        }
        if ((flags & ~1) == 0) {
            return BasicProperties.EMPTY;
        }
        BasicProperties.Builder properties = builder;
        properties.contentType((flags & Basic.FLAG_CONTENT_TYPE) != 0 ? WireFormat.readShortString(in) : null);
        properties.contentEncoding((flags & Basic.FLAG_CONTENT_ENCODING) != 0 ? WireFormat.readShortString(in) : null);
        properties.headers((flags & Basic.FLAG_HEADERS) != 0 ? FieldTables.read(in) : null);
        properties.deliveryMode((flags & Basic.FLAG_DELIVERY_MODE) != 0 ? (Integer) (in.get() & 0xFF) : null);
        properties.priority((flags & Basic.FLAG_PRIORITY) != 0 ? (Integer) (in.get() & 0xFF) : null);
        properties.correlationId((flags & Basic.FLAG_CORRELATION_ID) != 0 ? WireFormat.readShortString(in) : null);
        properties.replyTo((flags & Basic.FLAG_REPLY_TO) != 0 ? WireFormat.readShortString(in) : null);
        properties.expiration((flags & Basic.FLAG_EXPIRATION) != 0 ? WireFormat.readShortString(in) : null);
        properties.messageId((flags & Basic.FLAG_MESSAGE_ID) != 0 ? WireFormat.readShortString(in) : null);
        properties.timestamp((flags & Basic.FLAG_TIMESTAMP) != 0 ? FieldTables.readTimestamp(in) : null);
        properties.type((flags & Basic.FLAG_TYPE) != 0 ? WireFormat.readShortString(in) : null);
        properties.userId((flags & Basic.FLAG_USER_ID) != 0 ? WireFormat.readShortString(in) : null);
        properties.appId((flags & Basic.FLAG_APP_ID) != 0 ? WireFormat.readShortString(in) : null);
        properties.clusterId((flags & Basic.FLAG_CLUSTER_ID) != 0 ? WireFormat.readShortString(in) : null);
        return properties.build();
    }

    /**
     * Writes the property flags and the properties that are set.
     *
     * @param out the buffer; advanced past the properties
     * @param properties the properties; {@code null} is written as no properties
     * @throws dev.pika.exceptions.UnsupportedAmqpFieldException when a header value has no AMQP field type
     * @throws java.nio.BufferOverflowException when {@code out} is too small
     */
    public static void write(ByteBuffer out, BasicProperties properties) {
        int flagsPosition = out.position();
        out.putShort((short) 0);
        if (properties == null || properties == BasicProperties.EMPTY) {
            return;
        }
        int flags = 0;
        String text = properties.contentType();
        if (text != null) {
            flags |= Basic.FLAG_CONTENT_TYPE;
            WireFormat.writeShortString(out, text);
        }
        text = properties.contentEncoding();
        if (text != null) {
            flags |= Basic.FLAG_CONTENT_ENCODING;
            WireFormat.writeShortString(out, text);
        }
        if (properties.headers() != null) {
            flags |= Basic.FLAG_HEADERS;
            FieldTables.write(out, properties.headers());
        }
        Integer octet = properties.deliveryMode();
        if (octet != null) {
            flags |= Basic.FLAG_DELIVERY_MODE;
            out.put((byte) octet.intValue());
        }
        octet = properties.priority();
        if (octet != null) {
            flags |= Basic.FLAG_PRIORITY;
            out.put((byte) octet.intValue());
        }
        text = properties.correlationId();
        if (text != null) {
            flags |= Basic.FLAG_CORRELATION_ID;
            WireFormat.writeShortString(out, text);
        }
        text = properties.replyTo();
        if (text != null) {
            flags |= Basic.FLAG_REPLY_TO;
            WireFormat.writeShortString(out, text);
        }
        text = properties.expiration();
        if (text != null) {
            flags |= Basic.FLAG_EXPIRATION;
            WireFormat.writeShortString(out, text);
        }
        text = properties.messageId();
        if (text != null) {
            flags |= Basic.FLAG_MESSAGE_ID;
            WireFormat.writeShortString(out, text);
        }
        Instant timestamp = properties.timestamp();
        if (timestamp != null) {
            flags |= Basic.FLAG_TIMESTAMP;
            out.putLong(timestamp.getEpochSecond());
        }
        text = properties.type();
        if (text != null) {
            flags |= Basic.FLAG_TYPE;
            WireFormat.writeShortString(out, text);
        }
        text = properties.userId();
        if (text != null) {
            flags |= Basic.FLAG_USER_ID;
            WireFormat.writeShortString(out, text);
        }
        text = properties.appId();
        if (text != null) {
            flags |= Basic.FLAG_APP_ID;
            WireFormat.writeShortString(out, text);
        }
        text = properties.clusterId();
        if (text != null) {
            flags |= Basic.FLAG_CLUSTER_ID;
            WireFormat.writeShortString(out, text);
        }
        out.putShort(flagsPosition, (short) flags);
    }
}
