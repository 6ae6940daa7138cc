package dev.pika.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decoded short strings, shared: the names a connection receives over and over (consumer tags, exchange names and
 * routing keys of every {@code Basic.Deliver}, content types, header names) are decoded once and the same immutable
 * {@link String} is returned afterwards, instead of a new string (and its byte array) per message.
 *
 * <p>A fixed table of {@value #SLOTS} slots indexed by a hash of the length and the first and last eight bytes; a slot
 * holds the last string decoded there. A lookup hashes, compares the bytes with the slot's (one vectorised {@link
 * Arrays#equals(byte[], int, int, byte[], int, int)}) and, on a miss, decodes and replaces the slot. Memory stays
 * bounded (at most {@value #SLOTS} strings of at most {@value #MAX_CACHED_LENGTH} bytes), and strings that never repeat
 * (message ids) only cost the miss.
 *
 * <p>Thread-safe without locks: every I/O thread uses the one table. Slots are read and written racily, which is
 * safe because an {@link Entry} is immutable (final fields): a thread sees an older entry, a newer one or none, and
 * each of them is a complete, correct string for the bytes it was decoded from.
 */
final class ShortStringCache {

    /** Slots in the table; a power of two. */
    static final int SLOTS = 1024;
    /** Longer strings are decoded without the cache. */
    static final int MAX_CACHED_LENGTH = 128;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Entry[] TABLE = new Entry[SLOTS];

    private ShortStringCache() {}

    /**
     * The string {@code length} bytes of UTF-8 at {@code offset} decode to, from the table when it holds them.
     *
     * @param array the bytes
     * @param offset where the string starts
     * @param length its length in bytes, 1 to 255
     * @return the decoded string (malformed bytes become U+FFFD)
     */
    static String decode(byte[] array, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return new String(array, offset, length, StandardCharsets.UTF_8);
        }
        int slot = hash(array, offset, length) & (SLOTS - 1);
        Entry entry = TABLE[slot];
        if (entry != null
                && entry.bytes.length == length
                && Arrays.equals(entry.bytes, 0, length, array, offset, offset + length)) {
            return entry.value;
        }
        byte[] bytes = Arrays.copyOfRange(array, offset, offset + length);
        String value = new String(bytes, StandardCharsets.UTF_8);
        TABLE[slot] = new Entry(bytes, value);
        return value;
    }

    private static int hash(byte[] array, int offset, int length) {
        long h;
        if (length >= Long.BYTES) {
            h = (long) LONG.get(array, offset) * 31 + (long) LONG.get(array, offset + length - Long.BYTES);
        } else {
            h = 0;
            for (int i = 0; i < length; i++) {
                h = h * 31 + array[offset + i];
            }
        }
        h = (h + length) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Drops every cached string (for tests). */
    static void clear() {
        Arrays.fill(TABLE, null);
    }

    /** One cached string and the bytes it was decoded from; immutable, so it may be shared racily. */
    private static final class Entry {
        final byte[] bytes;
        final String value;

        Entry(byte[] bytes, String value) {
            this.bytes = bytes;
            this.value = value;
        }
    }
}
