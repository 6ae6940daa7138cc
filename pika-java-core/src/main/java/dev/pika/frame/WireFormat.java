package dev.pika.frame;

import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.ShortStringTooLongException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The AMQP 0-9-1 wire primitives the generated method records and the codecs share: short and long strings, and the
 * range checks of the unsigned integer types.
 *
 * <p>Reads decode straight from the buffer's backing array when it has one (no temporary array); strings are UTF-8,
 * written without an intermediate {@code byte[]}. Every read checks announced lengths against the bytes left before
 * allocating, and throws {@link InvalidFrameException} when a length runs past the buffer's limit.
 *
 * <p>Static methods, safe to call from any thread (a buffer itself is not thread-safe); {@link #readShortString}
 * shares a lock-free cache of decoded names between threads.
 */
public final class WireFormat {

    /** The most bytes of UTF-8 an AMQP short string can hold. */
    public static final int SHORT_STRING_MAX_BYTES = 255;

    private WireFormat() {}

    /**
     * Reads a short string: a length octet, then that many bytes of UTF-8 (malformed bytes become U+FFFD). Short
     * strings are mostly names that every message repeats (consumer tags, exchanges, routing keys, content types,
     * header names): the same {@link String} instance is returned for the same bytes while it stays in a small shared
     * cache, instead of a new one per message.
     *
     * @param in the buffer, positioned at the length octet; advanced past the string
     * @return the string
     * @throws InvalidFrameException when the string runs past the buffer's limit
     */
    public static String readShortString(ByteBuffer in) {
        int length = in.get() & 0xFF;
        if (length == 0 || !in.hasArray()) {
            return readUtf8(in, length, "short string");
        }
        int position = in.position();
        if (length > in.limit() - position) {
            throw InvalidFrameException.lengthBeyondFrame("short string", length, in.remaining());
        }
        String value = ShortStringCache.decode(in.array(), in.arrayOffset() + position, length);
        in.position(position + length);
        return value;
    }

    /**
     * Reads a long string: a 32-bit unsigned length, then that many bytes of UTF-8 (malformed bytes become U+FFFD).
     *
     * @param in the buffer, positioned at the length; advanced past the string
     * @return the string
     * @throws InvalidFrameException when the string runs past the buffer's limit
     */
    public static String readLongString(ByteBuffer in) {
        long length = in.getInt() & 0xFFFF_FFFFL;
        if (length > in.remaining()) {
            throw InvalidFrameException.lengthBeyondFrame("long string", length, in.remaining());
        }
        return readUtf8(in, (int) length, "long string");
    }

    /**
     * Reads {@code length} bytes of UTF-8 at the buffer's position.
     *
     * @param in the buffer; advanced by {@code length}
     * @param length the byte count
     * @param what what is read, for the error message
     * @return the decoded string
     */
    static String readUtf8(ByteBuffer in, int length, String what) {
        if (length == 0) {
            return "";
        }
        int position = in.position();
        if (length > in.limit() - position) {
            throw InvalidFrameException.lengthBeyondFrame(what, length, in.remaining());
        }
        String value;
        if (in.hasArray()) {
            value = new String(in.array(), in.arrayOffset() + position, length, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[length];
            in.get(position, bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        in.position(position + length);
        return value;
    }

    /**
     * Reads exactly {@code length} bytes into a new array, checking the length against the bytes left first.
     *
     * @param in the buffer; advanced by {@code length}
     * @param length the byte count, unsigned
     * @param what what is read, for the error message
     * @return the bytes
     * @throws InvalidFrameException when the bytes run past the buffer's limit
     */
    static byte[] readBytes(ByteBuffer in, long length, String what) {
        if (length > in.remaining()) {
            throw InvalidFrameException.lengthBeyondFrame(what, length, in.remaining());
        }
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return bytes;
    }

    /**
     * Writes a short string: a length octet and the UTF-8 bytes.
     *
     * @param out the buffer; advanced past the string
     * @param value the string
     * @throws ShortStringTooLongException when {@code value} is longer than 255 bytes of UTF-8 (nothing is written)
     * @throws BufferOverflowException when {@code out} is too small
     */
    public static void writeShortString(ByteBuffer out, String value) {
        writeShortString(out, value, "short string");
    }

    /**
     * Writes a short string, naming {@code field} when it is too long.
     *
     * @param out the buffer; advanced past the string
     * @param value the string
     * @param field the field it belongs to, for the error message
     * @throws ShortStringTooLongException when {@code value} is longer than 255 bytes of UTF-8 (nothing is written)
     */
    static void writeShortString(ByteBuffer out, String value, String field) {
        int lengthPosition = out.position();
        out.put((byte) 0);
        int written = putUtf8(out, value);
        if (written > SHORT_STRING_MAX_BYTES) {
            out.position(lengthPosition);
            throw ShortStringTooLongException.of(field, value, written);
        }
        out.put(lengthPosition, (byte) written);
    }

    /**
     * Writes a long string: a 32-bit length and the UTF-8 bytes.
     *
     * @param out the buffer; advanced past the string
     * @param value the string
     * @throws BufferOverflowException when {@code out} is too small
     */
    public static void writeLongString(ByteBuffer out, String value) {
        int lengthPosition = out.position();
        out.putInt(0);
        int written = putUtf8(out, value);
        out.putInt(lengthPosition, written);
    }

    /**
     * Encodes {@code value} as UTF-8 at the buffer's position, replacing unpaired surrogates with {@code '?'} as
     * {@link String#getBytes(java.nio.charset.Charset)} does.
     *
     * @param out the buffer; advanced past the bytes
     * @param value the string
     * @return the number of bytes written
     * @throws BufferOverflowException when {@code out} is too small
     */
    static int putUtf8(ByteBuffer out, String value) {
        int chars = value.length();
        int start = out.position();
        if (out.hasArray() && out.remaining() >= chars * 3) {
            byte[] array = out.array();
            int base = out.arrayOffset();
            int p = base + start;
            int i = 0;
            while (i < chars) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                array[p++] = (byte) c;
                i++;
            }
            for (; i < chars; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    array[p++] = (byte) c;
                } else if (c < 0x800) {
                    array[p++] = (byte) (0xC0 | (c >> 6));
                    array[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    int codePoint = surrogatePair(value, i);
                    if (codePoint < 0) {
                        array[p++] = '?';
                    } else {
                        array[p++] = (byte) (0xF0 | (codePoint >> 18));
                        array[p++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                        array[p++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                        array[p++] = (byte) (0x80 | (codePoint & 0x3F));
                        i++;
                    }
                } else {
                    array[p++] = (byte) (0xE0 | (c >> 12));
                    array[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    array[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            int written = p - base - start;
            out.position(start + written);
            return written;
        }
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                int codePoint = surrogatePair(value, i);
                if (codePoint < 0) {
                    out.put((byte) '?');
                } else {
                    out.put((byte) (0xF0 | (codePoint >> 18)));
                    out.put((byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                    out.put((byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                    out.put((byte) (0x80 | (codePoint & 0x3F)));
                    i++;
                }
            } else {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
        return out.position() - start;
    }

    /** The code point of the surrogate pair at {@code index}, or -1 when the surrogate there is unpaired. */
    private static int surrogatePair(String value, int index) {
        char high = value.charAt(index);
        if (Character.isHighSurrogate(high) && index + 1 < value.length()) {
            char low = value.charAt(index + 1);
            if (Character.isLowSurrogate(low)) {
                return Character.toCodePoint(high, low);
            }
        }
        return -1;
    }

    /**
     * The length of {@code value} in UTF-8 bytes, as {@link #writeShortString} writes it.
     *
     * @param value the string
     * @return its UTF-8 length
     */
    public static int utf8Length(String value) {
        int chars = value.length();
        int bytes = chars;
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isSurrogate(c)) {
                if (surrogatePair(value, i) >= 0) {
                    bytes += 2; // 4 bytes for the two chars
                    i++;
                }
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /**
     * Checks a value that will be encoded as a short string.
     *
     * @param field the field name for messages, e.g. {@code "Basic.Publish.routingKey"}
     * @param value the value
     * @return {@code value}
     * @throws NullPointerException when {@code value} is {@code null}
     * @throws ShortStringTooLongException when {@code value} is longer than 255 bytes of UTF-8
     */
    public static String requireShortString(String field, String value) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null; use \"\" for an empty value");
        }
        int chars = value.length();
        if (chars * 3 <= SHORT_STRING_MAX_BYTES) {
            return value;
        }
        int bytes = chars > SHORT_STRING_MAX_BYTES ? chars : utf8Length(value);
        if (bytes > SHORT_STRING_MAX_BYTES) {
            throw ShortStringTooLongException.of(field, value, utf8Length(value));
        }
        return value;
    }

    /**
     * Checks a value that will be encoded as a long string.
     *
     * @param field the field name for messages
     * @param value the value
     * @return {@code value}
     * @throws NullPointerException when {@code value} is {@code null}
     */
    public static String requireLongString(String field, String value) {
        return Objects.requireNonNull(value, () -> field + " must not be null; use \"\" for an empty value");
    }

    /**
     * Checks a value that will be encoded as an octet.
     *
     * @param field the field name for messages
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException outside 0 to 255
     */
    public static int requireOctet(String field, int value) {
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException(field + " must be between 0 and 255 (an AMQP octet), got " + value);
        }
        return value;
    }

    /**
     * Checks a value that will be encoded as an unsigned 16-bit short.
     *
     * @param field the field name for messages
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException outside 0 to 65535
     */
    public static int requireShort(String field, int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(field + " must be between 0 and 65535 (an AMQP short), got " + value);
        }
        return value;
    }

    /**
     * Checks a value that will be encoded as an unsigned 32-bit long.
     *
     * @param field the field name for messages
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException outside 0 to 4294967295
     */
    public static long requireUnsignedInt(String field, long value) {
        if ((value & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException(
                    field + " must be between 0 and 4294967295 (an AMQP long), got " + value);
        }
        return value;
    }
}
