package dev.pika.frame;

import dev.pika.exceptions.InvalidFieldTypeException;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.UnsupportedAmqpFieldException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes AMQP 0-9-1 field tables and field arrays, with every field type RabbitMQ uses:
 *
 * <table>
 *   <caption>AMQP field types and their Java types</caption>
 *   <tr><th>type</th><th>Java</th><th>type</th><th>Java</th></tr>
 *   <tr><td>{@code t}</td><td>{@link Boolean}</td><td>{@code f}</td><td>{@link Float}</td></tr>
 *   <tr><td>{@code b}</td><td>{@link Byte}</td><td>{@code d}</td><td>{@link Double}</td></tr>
 *   <tr><td>{@code B}</td><td>{@link FieldValue.UnsignedByte}</td><td>{@code D}</td>
 *       <td>{@link BigDecimal} (scale 0 to 255, unscaled value a signed 32-bit integer)</td></tr>
 *   <tr><td>{@code s}</td><td>{@link Short}</td><td>{@code S}</td>
 *       <td>{@link String} when valid UTF-8, else {@link FieldValue.LongString}</td></tr>
 *   <tr><td>{@code u}</td><td>{@link FieldValue.UnsignedShort}</td><td>{@code x}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>{@code I}</td><td>{@link Integer}</td><td>{@code T}</td><td>{@link Instant} (whole seconds)</td></tr>
 *   <tr><td>{@code i}</td><td>{@link FieldValue.UnsignedInt}</td><td>{@code F}</td>
 *       <td>{@code Map<String, Object>} (insertion-ordered)</td></tr>
 *   <tr><td>{@code l}</td><td>{@link Long}</td><td>{@code A}</td><td>{@code List<Object>}</td></tr>
 *   <tr><td>{@code V}</td><td>{@code null}</td><td></td><td></td></tr>
 * </table>
 *
 * <p>Decoding and encoding round-trip exactly: the bytes written for a decoded table are the bytes read. Reading also
 * accepts the AMQP 0-9-1 specification's letters {@code U} (signed short, read as {@link Short}) and {@code L}
 * (signed long-long, read as {@link Long}) as Pika does; they are written back as RabbitMQ's {@code s} and {@code l}.
 * Timestamps outside {@link Instant}'s range are clamped to {@link Instant#MIN}/{@link Instant#MAX}. Writing also
 * accepts {@link Date} (as {@code T}) and {@code Object[]} (as {@code A}); any other Java type is an
 * {@link UnsupportedAmqpFieldException} naming the key and the type.
 *
 * <p>Decoded tables and arrays are unmodifiable at every level. Tables and arrays nest at most
 * {@value #MAX_NESTING_DEPTH} levels deep, in both directions.
 *
 * <p>Stateless static methods: safe to call from any thread (a buffer itself is not thread-safe).
 */
public final class FieldTables {

    /** How deep tables and arrays may nest; deeper input is rejected (it would exhaust the stack). */
    public static final int MAX_NESTING_DEPTH = 100;

    private static final long INSTANT_MIN_SECONDS = Instant.MIN.getEpochSecond();
    private static final long INSTANT_MAX_SECONDS = Instant.MAX.getEpochSecond();

    private FieldTables() {}

    /**
     * Reads a field table: a 32-bit byte length, then name/value pairs.
     *
     * @param in the buffer, positioned at the table's length; advanced past the table
     * @return an unmodifiable, insertion-ordered map; the empty map for an empty table
     * @throws InvalidFrameException when a length runs past the table or the buffer's limit, or nesting is too deep
     * @throws InvalidFieldTypeException when a value has an unknown type octet
     */
    public static Map<String, Object> read(ByteBuffer in) {
        try {
            return readTable(in, 0);
        } catch (BufferUnderflowException e) {
            throw InvalidFrameException.truncated("field table");
        }
    }

    /**
     * Reads a field array: a 32-bit byte length, then values.
     *
     * @param in the buffer, positioned at the array's length; advanced past the array
     * @return an unmodifiable list
     * @throws InvalidFrameException when a length runs past the array or the buffer's limit, or nesting is too deep
     * @throws InvalidFieldTypeException when a value has an unknown type octet
     */
    public static List<Object> readArray(ByteBuffer in) {
        try {
            return readArray(in, 0);
        } catch (BufferUnderflowException e) {
            throw InvalidFrameException.truncated("field array");
        }
    }

    /**
     * Writes a field table. On an exception the bytes after the buffer's initial position are undefined.
     *
     * @param out the buffer; advanced past the table
     * @param table the table; {@code null} is written as the empty table
     * @throws UnsupportedAmqpFieldException when a value has no AMQP field type, or a key is not a string
     * @throws dev.pika.exceptions.ShortStringTooLongException when a key is longer than 255 bytes of UTF-8
     * @throws BufferOverflowException when {@code out} is too small
     */
    public static void write(ByteBuffer out, Map<String, ?> table) {
        writeTable(out, table, 0);
    }

    /**
     * Writes a field array. On an exception the bytes after the buffer's initial position are undefined.
     *
     * @param out the buffer; advanced past the array
     * @param array the values; {@code null} is written as the empty array
     * @throws UnsupportedAmqpFieldException when a value has no AMQP field type
     * @throws BufferOverflowException when {@code out} is too small
     */
    public static void writeArray(ByteBuffer out, List<?> array) {
        int lengthPosition = out.position();
        out.putInt(0);
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                writeValue(out, "array element", array.get(i), 1);
            }
        }
        out.putInt(lengthPosition, out.position() - lengthPosition - 4);
    }

    /**
     * An unmodifiable, insertion-ordered shallow copy of a table, as the method records hold their arguments.
     *
     * @param table the table, or {@code null}
     * @return the copy; the empty map for {@code null}
     * @throws UnsupportedAmqpFieldException when a key is {@code null} or not a string
     */
    public static Map<String, Object> immutableCopy(Map<String, ?> table) {
        if (table == null || table.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (table.size() / 0.75f) + 1));
        for (Map.Entry<?, ?> entry : table.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new UnsupportedAmqpFieldException("Field table keys must be strings, got "
                        + (entry.getKey() == null
                                ? "null"
                                : entry.getKey().getClass().getName()));
            }
            copy.put(key, entry.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Object> readTable(ByteBuffer in, int depth) {
        long length = in.getInt() & 0xFFFF_FFFFL;
        if (length > in.remaining()) {
            throw InvalidFrameException.lengthBeyondFrame("field table", length, in.remaining());
        }
        if (length == 0) {
            return Collections.emptyMap();
        }
        int outerLimit = in.limit();
        in.limit(in.position() + (int) length);
        try {
            Map<String, Object> table = new LinkedHashMap<>();
            while (in.hasRemaining()) {
                String key = WireFormat.readShortString(in);
                table.put(key, readValue(in, depth));
            }
            return Collections.unmodifiableMap(table);
        } finally {
            in.limit(outerLimit);
        }
    }

    private static List<Object> readArray(ByteBuffer in, int depth) {
        long length = in.getInt() & 0xFFFF_FFFFL;
        if (length > in.remaining()) {
            throw InvalidFrameException.lengthBeyondFrame("field array", length, in.remaining());
        }
        if (length == 0) {
            return Collections.emptyList();
        }
        int outerLimit = in.limit();
        in.limit(in.position() + (int) length);
        try {
            List<Object> array = new ArrayList<>();
            while (in.hasRemaining()) {
                array.add(readValue(in, depth));
            }
            return Collections.unmodifiableList(array);
        } finally {
            in.limit(outerLimit);
        }
    }

    private static Object readValue(ByteBuffer in, int depth) {
        int type = in.get() & 0xFF;
        switch (type) {
            case 'S':
                return readLongStringValue(in);
            case 'I':
                return in.getInt();
            case 'l':
            case 'L':
                return in.getLong();
            case 't':
                return in.get() != 0;
            case 'F':
                return readTable(in, nested(depth));
            case 'A':
                return readArray(in, nested(depth));
            case 'V':
                return null;
            case 'b':
                return in.get();
            case 'B':
                return new FieldValue.UnsignedByte(in.get() & 0xFF);
            case 's':
            case 'U':
                return in.getShort();
            case 'u':
                return new FieldValue.UnsignedShort(in.getShort() & 0xFFFF);
            case 'i':
                return new FieldValue.UnsignedInt(in.getInt() & 0xFFFF_FFFFL);
            case 'f':
                return Float.intBitsToFloat(in.getInt());
            case 'd':
                return Double.longBitsToDouble(in.getLong());
            case 'D':
                int scale = in.get() & 0xFF;
                return BigDecimal.valueOf(in.getInt(), scale);
            case 'T':
                return readTimestamp(in);
            case 'x':
                return WireFormat.readBytes(in, in.getInt() & 0xFFFF_FFFFL, "byte array");
            default:
                throw new InvalidFieldTypeException(type);
        }
    }

    private static int nested(int depth) {
        if (depth + 1 >= MAX_NESTING_DEPTH) {
            throw new InvalidFrameException(
                    "Field tables and arrays nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        return depth + 1;
    }

    /**
     * Reads a timestamp (seconds since the epoch, unsigned on the wire, read as signed like RabbitMQ), clamped to
     * {@link Instant}'s range so that no peer value can fail the decoding.
     *
     * @param in the buffer, positioned at the 64-bit value
     * @return the instant
     */
    static Instant readTimestamp(ByteBuffer in) {
        long seconds = in.getLong();
        if (seconds < INSTANT_MIN_SECONDS) {
            return Instant.MIN;
        }
        if (seconds > INSTANT_MAX_SECONDS) {
            return Instant.MAX;
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static Object readLongStringValue(ByteBuffer in) {
        long length = in.getInt() & 0xFFFF_FFFFL;
        if (length > in.remaining()) {
            throw InvalidFrameException.lengthBeyondFrame("long string", length, in.remaining());
        }
        int size = (int) length;
        byte[] array;
        int offset;
        if (in.hasArray()) {
            array = in.array();
            offset = in.arrayOffset() + in.position();
            in.position(in.position() + size);
        } else {
            array = new byte[size];
            offset = 0;
            in.get(array);
        }
        String value = new String(array, offset, size, StandardCharsets.UTF_8);
        if (value.indexOf('\uFFFD') >= 0 && !encodesTo(value, array, offset, size)) {
            return new FieldValue.LongString(Arrays.copyOfRange(array, offset, offset + size));
        }
        return value;
    }

    /** Whether {@code value} encodes to exactly these bytes, i.e. the bytes were valid UTF-8. */
    private static boolean encodesTo(String value, byte[] array, int offset, int length) {
        byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(encoded, 0, encoded.length, array, offset, offset + length);
    }

    private static void writeTable(ByteBuffer out, Map<String, ?> table, int depth) {
        int lengthPosition = out.position();
        out.putInt(0);
        if (table != null) {
            for (Map.Entry<?, ?> entry : table.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new UnsupportedAmqpFieldException("Field table keys must be strings, got "
                            + (entry.getKey() == null
                                    ? "null"
                                    : entry.getKey().getClass().getName()));
                }
                WireFormat.writeShortString(out, key, "field table key");
                writeValue(out, key, entry.getValue(), depth);
            }
        }
        out.putInt(lengthPosition, out.position() - lengthPosition - 4);
    }

    private static void writeValue(ByteBuffer out, String key, Object value, int depth) {
        if (value instanceof String string) {
            out.put((byte) 'S');
            WireFormat.writeLongString(out, string);
        } else if (value instanceof Integer number) {
            out.put((byte) 'I').putInt(number);
        } else if (value instanceof Long number) {
            out.put((byte) 'l').putLong(number);
        } else if (value instanceof Boolean bool) {
            out.put((byte) 't').put((byte) (bool ? 1 : 0));
        } else if (value == null) {
            out.put((byte) 'V');
        } else if (value instanceof Map<?, ?> map) {
            out.put((byte) 'F');
            @SuppressWarnings("unchecked")
            Map<String, ?> table = (Map<String, ?>) map;
            writeTable(out, table, nestedForWrite(depth, key));
        } else if (value instanceof List<?> list) {
            out.put((byte) 'A');
            writeArrayValues(out, key, list, nestedForWrite(depth, key));
        } else if (value instanceof Object[] objects) {
            out.put((byte) 'A');
            writeArrayValues(out, key, Arrays.asList(objects), nestedForWrite(depth, key));
        } else if (value instanceof byte[] bytes) {
            out.put((byte) 'x').putInt(bytes.length).put(bytes);
        } else if (value instanceof Byte number) {
            out.put((byte) 'b').put(number);
        } else if (value instanceof Short number) {
            out.put((byte) 's').putShort(number);
        } else if (value instanceof Float number) {
            out.put((byte) 'f').putInt(Float.floatToRawIntBits(number));
        } else if (value instanceof Double number) {
            out.put((byte) 'd').putLong(Double.doubleToRawLongBits(number));
        } else if (value instanceof BigDecimal decimal) {
            writeDecimal(out, key, decimal);
        } else if (value instanceof Instant instant) {
            out.put((byte) 'T').putLong(instant.getEpochSecond());
        } else if (value instanceof Date date) {
            out.put((byte) 'T').putLong(Math.floorDiv(date.getTime(), 1000L));
        } else if (value instanceof FieldValue fieldValue) {
            writeFieldValue(out, fieldValue);
        } else {
            throw UnsupportedAmqpFieldException.unsupportedType(key, value);
        }
    }

    private static void writeFieldValue(ByteBuffer out, FieldValue value) {
        if (value instanceof FieldValue.UnsignedByte unsigned) {
            out.put((byte) 'B').put((byte) unsigned.value());
        } else if (value instanceof FieldValue.UnsignedShort unsigned) {
            out.put((byte) 'u').putShort((short) unsigned.value());
        } else if (value instanceof FieldValue.UnsignedInt unsigned) {
            out.put((byte) 'i').putInt((int) unsigned.value());
        } else {
            byte[] bytes = ((FieldValue.LongString) value).unsafeBytes();
            out.put((byte) 'S').putInt(bytes.length).put(bytes);
        }
    }

    private static void writeArrayValues(ByteBuffer out, String key, List<?> values, int depth) {
        int lengthPosition = out.position();
        out.putInt(0);
        for (int i = 0; i < values.size(); i++) {
            writeValue(out, key, values.get(i), depth);
        }
        out.putInt(lengthPosition, out.position() - lengthPosition - 4);
    }

    private static int nestedForWrite(int depth, String key) {
        if (depth + 1 >= MAX_NESTING_DEPTH) {
            throw new UnsupportedAmqpFieldException("Field table value '" + key
                    + "' nests tables or arrays deeper than " + MAX_NESTING_DEPTH + " levels; is it a cycle?");
        }
        return depth + 1;
    }

    private static void writeDecimal(ByteBuffer out, String key, BigDecimal decimal) {
        BigDecimal value = decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        if (!fitsAmqpDecimal(value)) {
            value = value.stripTrailingZeros();
            if (value.scale() < 0) {
                value = value.setScale(0);
            }
        }
        if (!fitsAmqpDecimal(value)) {
            throw new UnsupportedAmqpFieldException("BigDecimal " + decimal + " for field table key '" + key
                    + "' does not fit an AMQP decimal (scale 0 to 255, unscaled value a signed 32-bit integer);"
                    + " round it or send it as a String");
        }
        out.put((byte) 'D')
                .put((byte) value.scale())
                .putInt(value.unscaledValue().intValue());
    }

    private static boolean fitsAmqpDecimal(BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        return value.scale() >= 0 && value.scale() <= 255 && unscaled.bitLength() <= 31;
    }
}
