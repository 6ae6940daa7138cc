package dev.pika.frame;

import java.util.Arrays;
import java.util.Objects;

/**
 * Field-table values that have no exact Java counterpart: the unsigned integer types and long strings that are not
 * valid UTF-8. {@link FieldTables} decodes AMQP types {@code B}, {@code u}, {@code i} to these records (and {@code S}
 * to {@link LongString} when it is not UTF-8), and encodes them back to the same type, so tables round-trip exactly.
 *
 * <p>Every implementation is an immutable value, safe to share between threads.
 */
public sealed interface FieldValue {

    /**
     * AMQP field type {@code B}: an unsigned octet.
     *
     * @param value 0 to 255
     */
    record UnsignedByte(int value) implements FieldValue {
        /**
         * Checks the range.
         *
         * @param value 0 to 255
         */
        public UnsignedByte {
            WireFormat.requireOctet("FieldValue.UnsignedByte.value", value);
        }
    }

    /**
     * AMQP field type {@code u}: an unsigned 16-bit integer.
     *
     * @param value 0 to 65535
     */
    record UnsignedShort(int value) implements FieldValue {
        /**
         * Checks the range.
         *
         * @param value 0 to 65535
         */
        public UnsignedShort {
            WireFormat.requireShort("FieldValue.UnsignedShort.value", value);
        }
    }

    /**
     * AMQP field type {@code i}: an unsigned 32-bit integer.
     *
     * @param value 0 to 4294967295
     */
    record UnsignedInt(long value) implements FieldValue {
        /**
         * Checks the range.
         *
         * @param value 0 to 4294967295
         */
        public UnsignedInt {
            WireFormat.requireUnsignedInt("FieldValue.UnsignedInt.value", value);
        }
    }

    /**
     * AMQP field type {@code S} holding bytes that are not valid UTF-8 (valid UTF-8 decodes to {@link String}).
     * Compared by content; the bytes are copied in and out.
     *
     * @param bytes the raw bytes
     */
    record LongString(byte[] bytes) implements FieldValue {
        /**
         * Copies the bytes.
         *
         * @param bytes the raw bytes, not {@code null}
         */
        public LongString {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /**
         * The raw bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /**
         * The length without copying.
         *
         * @return the number of bytes
         */
        public int length() {
            return bytes.length;
        }

        /** The bytes without a copy, for the encoder. */
        byte[] unsafeBytes() {
            return bytes;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LongString that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "LongString[" + bytes.length + " bytes]";
        }
    }
}
