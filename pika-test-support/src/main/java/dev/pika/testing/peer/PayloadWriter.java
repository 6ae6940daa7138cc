package dev.pika.testing.peer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes AMQP 0-9-1 wire primitives by hand (big-endian, as the specification says), independent of the client
 * under test, so that a {@link ScriptedPeer} can send well-formed and deliberately malformed payloads alike.
 *
 * <p>Nothing is checked beyond what a primitive can physically hold: a short string longer than 255 bytes, a length
 * prefix that lies about what follows, or a table with an unknown field type are all the caller's to write (that is
 * the point). The integer writers take the low bits of their argument.
 *
 * <p>Not thread-safe; one writer per payload.
 */
public final class PayloadWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    private int bitCount;
    private int bitBuffer;

    /** Starts an empty payload. */
    public PayloadWriter() {}

    /** An octet (8 bits). */
    public PayloadWriter octet(int value) {
        flushBits();
        out.write(value & 0xFF);
        return this;
    }

    /** A short (16 bits, big-endian). */
    public PayloadWriter shortInt(int value) {
        flushBits();
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
        return this;
    }

    /** A long (32 bits, big-endian); also the length prefix of long strings and tables. */
    public PayloadWriter longInt(long value) {
        flushBits();
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
        return this;
    }

    /** A long-long (64 bits, big-endian). */
    public PayloadWriter longLong(long value) {
        flushBits();
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
        return this;
    }

    /**
     * One bit; consecutive bits are packed into octets, lowest bit first, as AMQP 0-9-1 packs them. The next
     * non-bit field (or {@link #toByteArray()}) ends the octet.
     */
    public PayloadWriter bit(boolean value) {
        if (value) {
            bitBuffer |= 1 << bitCount;
        }
        bitCount++;
        if (bitCount == 8) {
            flushBits();
        }
        return this;
    }

    /** A short string: one length octet, then the UTF-8 bytes (not checked against 255). */
    public PayloadWriter shortString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        octet(bytes.length);
        return bytes(bytes);
    }

    /** A long string: a 32-bit length, then the UTF-8 bytes. */
    public PayloadWriter longString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        longInt(bytes.length);
        return bytes(bytes);
    }

    /**
     * A field table with an honest length prefix. Values: {@code String} (type {@code S}), {@code Boolean}
     * ({@code t}), {@code Integer} ({@code I}), {@code Long} ({@code l}), nested {@code Map<String, ?>}
     * ({@code F}).
     *
     * @throws IllegalArgumentException for any other value type
     */
    public PayloadWriter table(Map<String, ?> table) {
        PayloadWriter content = new PayloadWriter();
        for (Map.Entry<String, ?> entry : table.entrySet()) {
            content.shortString(entry.getKey());
            content.fieldValue(entry.getKey(), entry.getValue());
        }
        byte[] bytes = content.toByteArray();
        longInt(bytes.length);
        return bytes(bytes);
    }

    private void fieldValue(String key, Object value) {
        if (value instanceof String text) {
            octet('S').longString(text);
        } else if (value instanceof Boolean flag) {
            octet('t').octet(flag ? 1 : 0);
        } else if (value instanceof Integer number) {
            octet('I').longInt(number);
        } else if (value instanceof Long number) {
            octet('l').longLong(number);
        } else if (value instanceof Map<?, ?> nested) {
            PayloadWriter content = new PayloadWriter();
            for (Map.Entry<?, ?> entry : nested.entrySet()) {
                content.shortString(String.valueOf(entry.getKey()));
                content.fieldValue(String.valueOf(entry.getKey()), entry.getValue());
            }
            byte[] bytes = content.toByteArray();
            octet('F').longInt(bytes.length).bytes(bytes);
        } else {
            throw new IllegalArgumentException("PayloadWriter.table cannot write " + key + "="
                    + (value == null ? "null" : value.getClass().getName())
                    + "; use String, Boolean, Integer, Long or Map, or write the bytes with bytes(...)");
        }
    }

    /** Raw bytes, as they are. */
    public PayloadWriter bytes(byte[] bytes) {
        flushBits();
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** The payload written so far. */
    public byte[] toByteArray() {
        flushBits();
        return out.toByteArray();
    }

    private void flushBits() {
        if (bitCount > 0) {
            out.write(bitBuffer);
            bitCount = 0;
            bitBuffer = 0;
        }
    }
}
