package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.InvalidFieldTypeException;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.ShortStringTooLongException;
import dev.pika.exceptions.UnsupportedAmqpFieldException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Field tables and arrays: every field type against hand-written bytes, exact round trips, and bad input. */
class FieldTablesTest {

    /** Java value, then its field-value bytes (type octet and value) written out by hand. */
    static Stream<Arguments> fieldTypes() {
        return Stream.of(
                Arguments.of(true, "74 01"),
                Arguments.of(false, "74 00"),
                Arguments.of((byte) -5, "62 fb"),
                Arguments.of(new FieldValue.UnsignedByte(200), "42 c8"),
                Arguments.of((short) -2, "73 fffe"),
                Arguments.of(new FieldValue.UnsignedShort(65535), "75 ffff"),
                Arguments.of(-1, "49 ffffffff"),
                Arguments.of(new FieldValue.UnsignedInt(4294967295L), "69 ffffffff"),
                Arguments.of(Long.MIN_VALUE, "6c 8000000000000000"),
                Arguments.of(1.5f, "66 3fc00000"),
                Arguments.of(-2.5d, "64 c004000000000000"),
                Arguments.of(new BigDecimal("3.14"), "44 02 0000013a"),
                Arguments.of(new BigDecimal("-7"), "44 00 fffffff9"),
                Arguments.of("h\u00e9llo", "53 00000006 68c3a96c6c6f"),
                Arguments.of("", "53 00000000"),
                Arguments.of(new FieldValue.LongString(Hex.bytes("fffe")), "53 00000002 fffe"),
                Arguments.of(Hex.bytes("010203"), "78 00000003 010203"),
                Arguments.of(Instant.parse("2021-01-01T00:00:00Z"), "54 000000005fee6600"),
                Arguments.of(Map.of("a", 1), "46 00000007 0161 49 00000001"),
                Arguments.of(List.of(1, "x"), "41 0000000b 49 00000001 53 00000001 78"),
                Arguments.of(List.of(), "41 00000000"),
                Arguments.of(null, "56"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fieldTypes")
    void everyFieldTypeIsWrittenAsSpecified(Object value, String valueHex) {
        Map<String, Object> table = new HashMap<>();
        table.put("k", value);

        assertThat(Hex.of(write(table))).isEqualTo(Hex.of(tableBytes(valueHex)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fieldTypes")
    void everyFieldTypeIsReadAsItsJavaType(Object value, String valueHex) {
        Map<String, Object> table = FieldTables.read(ByteBuffer.wrap(tableBytes(valueHex)));

        assertThat(table).containsOnlyKeys("k");
        Object read = table.get("k");
        if (value instanceof byte[] bytes) {
            assertThat(read).isInstanceOf(byte[].class);
            assertThat((byte[]) read).isEqualTo(bytes);
        } else {
            assertThat(read).isEqualTo(value);
            if (value != null) {
                assertThat(read).isInstanceOf(value.getClass().isAnonymousClass() ? Object.class : baseType(value));
            }
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fieldTypes")
    void everyFieldTypeRoundTripsToTheSameBytes(Object value, String valueHex) {
        byte[] bytes = tableBytes(valueHex);

        assertThat(write(FieldTables.read(ByteBuffer.wrap(bytes)))).isEqualTo(bytes);
    }

    @Test
    void specificationLettersUAndLAreReadAsSignedShortAndLong() {
        Map<String, Object> table = FieldTables.read(ByteBuffer.wrap(tableBytes("55 8000")));
        assertThat(table.get("k")).isEqualTo((short) -32768);

        table = FieldTables.read(ByteBuffer.wrap(tableBytes("4c ffffffffffffffff")));
        assertThat(table.get("k")).isEqualTo(-1L);
    }

    @Test
    void dateIsWrittenAsTimestampAndObjectArrayAsArray() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("d", Date.from(Instant.parse("2021-01-01T00:00:00.999Z")));
        table.put("a", new Object[] {true});

        assertThat(Hex.of(write(table)))
                .isEqualTo(Hex.of(Hex.bytes("00000014 0164 54 000000005fee6600 0161 41 00000002 74 01")));
    }

    @Test
    void decimalKeepsItsScaleAndNormalisesNegativeScales() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("a", new BigDecimal("1.50"));
        table.put("b", new BigDecimal("1E+3"));
        table.put("c", new BigDecimal("12345.00000000000000000000")); // fits once trailing zeros are dropped

        Map<String, Object> read = FieldTables.read(ByteBuffer.wrap(write(table)));

        assertThat(((BigDecimal) read.get("a")).scale()).isEqualTo(2);
        assertThat(read.get("a")).isEqualTo(new BigDecimal("1.50"));
        assertThat(read.get("b")).isEqualTo(new BigDecimal("1000"));
        assertThat(((BigDecimal) read.get("c")).compareTo(new BigDecimal("12345")))
                .isZero();
    }

    @Test
    void decimalOutsideTheAmqpRangeIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> write(Map.of("price", new BigDecimal("123456789012.5"))))
                .isInstanceOf(UnsupportedAmqpFieldException.class)
                .hasMessageContaining("'price'");
    }

    @Test
    void nestedTablesAndArraysKeepOrderAndAreUnmodifiable() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of("x", Map.of("deep", true)));
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("second", "s");
        table.put("first", inner);

        Map<String, Object> read = FieldTables.read(ByteBuffer.wrap(write(table)));

        assertThat(read.keySet()).containsExactly("second", "first");
        @SuppressWarnings("unchecked")
        Map<String, Object> readInner = (Map<String, Object>) read.get("first");
        assertThat(readInner.keySet()).containsExactly("z", "a");
        assertThat(read).isEqualTo(table);
        assertThatThrownBy(() -> read.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> readInner.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) readInner.get("a");
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidUtf8LongStringIsKeptAsRawBytes() {
        Map<String, Object> table = FieldTables.read(ByteBuffer.wrap(tableBytes("53 00000003 61 c3 28")));

        assertThat(table.get("k")).isEqualTo(new FieldValue.LongString(Hex.bytes("61c328")));
    }

    @Test
    void replacementCharacterItselfIsValidUtf8() {
        Map<String, Object> table = FieldTables.read(ByteBuffer.wrap(tableBytes("53 00000003 efbfbd")));

        assertThat(table.get("k")).isEqualTo("\ufffd");
    }

    @Test
    void timestampsBeyondInstantAreClamped() {
        assertThat(FieldTables.read(ByteBuffer.wrap(tableBytes("54 7fffffffffffffff")))
                        .get("k"))
                .isEqualTo(Instant.MAX);
        assertThat(FieldTables.read(ByteBuffer.wrap(tableBytes("54 8000000000000000")))
                        .get("k"))
                .isEqualTo(Instant.MIN);
    }

    @Test
    void emptyAndNullTablesAreFourZeroBytes() {
        assertThat(write(Map.of())).isEqualTo(Hex.bytes("00000000"));
        assertThat(write(null)).isEqualTo(Hex.bytes("00000000"));
        assertThat(FieldTables.read(ByteBuffer.wrap(Hex.bytes("00000000")))).isEmpty();
    }

    @Test
    void arraysAreWrittenAndReadOnTheirOwn() {
        ByteBuffer out = ByteBuffer.allocate(64);
        FieldTables.writeArray(out, Arrays.asList(1, null));
        out.flip();

        assertThat(Hex.of(copy(out))).isEqualTo(Hex.of(Hex.bytes("00000006 49 00000001 56")));
        assertThat(FieldTables.readArray(out)).containsExactly(1, null);
    }

    @Test
    void directBuffersDecodeLikeHeapBuffers() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("s", "caf\u00e9");
        table.put("bad", new FieldValue.LongString(Hex.bytes("ff")));
        table.put("x", Hex.bytes("0102"));
        byte[] bytes = write(table);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();

        Map<String, Object> read = FieldTables.read(direct);

        assertThat(read.get("s")).isEqualTo("caf\u00e9");
        assertThat(read.get("bad")).isEqualTo(new FieldValue.LongString(Hex.bytes("ff")));
        assertThat((byte[]) read.get("x")).isEqualTo(Hex.bytes("0102"));
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void unknownFieldTypeIsASyntaxError() {
        assertThatThrownBy(() -> FieldTables.read(ByteBuffer.wrap(tableBytes("5a 00"))))
                .isInstanceOfSatisfying(InvalidFieldTypeException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(502);
                    assertThat(e.fieldType()).isEqualTo('Z');
                })
                .hasMessageContaining("'Z'");
    }

    @Test
    void tableLengthBeyondTheBufferIsAFrameError() {
        assertThatThrownBy(() -> FieldTables.read(ByteBuffer.wrap(Hex.bytes("00000010 016b 56"))))
                .isInstanceOfSatisfying(
                        InvalidFrameException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(501))
                .hasMessageContaining("field table of 16 bytes");
    }

    @Test
    void hugeAnnouncedLengthsFailBeforeAllocating() {
        assertThatThrownBy(() -> FieldTables.read(ByteBuffer.wrap(tableBytes("78 7fffffff"))))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("byte array of 2147483647 bytes");
        assertThatThrownBy(() -> FieldTables.read(ByteBuffer.wrap(tableBytes("53 ffffffff"))))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("long string of 4294967295 bytes");
    }

    @Test
    void valueRunningPastItsTableIsAFrameErrorEvenWhenTheBufferGoesOn() {
        // the table says 4 bytes (key "k" and type 'I') but the integer needs 4 more: they belong to what follows
        byte[] bytes = Hex.bytes("00000004 016b 49 00 00000001");

        assertThatThrownBy(() -> FieldTables.read(ByteBuffer.wrap(bytes))).isInstanceOf(InvalidFrameException.class);
    }

    @Test
    void keyRunningPastItsTableIsAFrameError() {
        assertThatThrownBy(() -> FieldTables.read(ByteBuffer.wrap(Hex.bytes("00000002 05 61 626364 56"))))
                .isInstanceOf(InvalidFrameException.class);
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedBothWays() {
        Map<String, Object> table = new HashMap<>();
        Map<String, Object> current = table;
        for (int i = 0; i < FieldTables.MAX_NESTING_DEPTH; i++) {
            Map<String, Object> next = new HashMap<>();
            current.put("n", next);
            current = next;
        }
        Map<String, Object> deep = table;
        assertThatThrownBy(() -> write(deep))
                .isInstanceOf(UnsupportedAmqpFieldException.class)
                .hasMessageContaining("deeper than");

        // the same nesting on the wire: 'F' tables inside each other
        ByteBuffer wire = ByteBuffer.allocate(10 * FieldTables.MAX_NESTING_DEPTH + 16);
        int depth = FieldTables.MAX_NESTING_DEPTH + 1;
        int[] lengthPositions = new int[depth];
        for (int i = 0; i < depth; i++) {
            lengthPositions[i] = wire.position();
            wire.putInt(0);
            if (i + 1 < depth) {
                wire.put((byte) 1).put((byte) 'n').put((byte) 'F');
            }
        }
        for (int i = depth - 1; i >= 0; i--) {
            wire.putInt(lengthPositions[i], wire.position() - lengthPositions[i] - 4);
        }
        wire.flip();
        assertThatThrownBy(() -> FieldTables.read(wire))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("nested deeper than " + FieldTables.MAX_NESTING_DEPTH);
    }

    @Test
    void aCycleIsRejectedInsteadOfOverflowingTheStack() {
        Map<String, Object> table = new HashMap<>();
        List<Object> list = new ArrayList<>();
        list.add(table);
        table.put("loop", list);

        assertThatThrownBy(() -> write(table))
                .isInstanceOf(UnsupportedAmqpFieldException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void unsupportedJavaTypesAreRejectedNamingKeyAndType() {
        assertThatThrownBy(() -> write(Map.of("id", UUID.randomUUID())))
                .isInstanceOf(UnsupportedAmqpFieldException.class)
                .hasMessageContaining("'id'")
                .hasMessageContaining("java.util.UUID");
    }

    @Test
    void nonStringKeysAreRejected() {
        Map<Object, Object> table = new HashMap<>();
        table.put(1, "one");
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) (Map<?, ?>) table;

        assertThatThrownBy(() -> write(raw))
                .isInstanceOf(UnsupportedAmqpFieldException.class)
                .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void keysLongerThanAShortStringAreRejected() {
        assertThatThrownBy(() -> write(Map.of("k".repeat(256), 1)))
                .isInstanceOfSatisfying(ShortStringTooLongException.class, e -> {
                    assertThat(e.field()).isEqualTo("field table key");
                    assertThat(e.byteLength()).isEqualTo(256);
                });
    }

    @Test
    void immutableCopyPreservesOrderAndNullValues() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("b", null);
        table.put("a", 1);

        Map<String, Object> copy = FieldTables.immutableCopy(table);
        table.put("c", 2);

        assertThat(copy.keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(FieldTables.immutableCopy(null)).isEmpty();
    }

    private static Class<?> baseType(Object value) {
        if (value instanceof Map) {
            return Map.class;
        }
        if (value instanceof List) {
            return List.class;
        }
        return value.getClass();
    }

    /** A table {"k": value}: its length, the key "k" (01 6b), then the value. */
    private static byte[] tableBytes(String valueHex) {
        byte[] value = Hex.bytes(valueHex);
        ByteBuffer table = ByteBuffer.allocate(4 + 2 + value.length);
        table.putInt(2 + value.length).put((byte) 1).put((byte) 'k').put(value);
        return table.array();
    }

    private static byte[] write(Map<String, ?> table) {
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        FieldTables.write(out, table);
        out.flip();
        return copy(out);
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
