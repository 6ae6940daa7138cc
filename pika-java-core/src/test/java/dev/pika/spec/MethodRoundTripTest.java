package dev.pika.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated method record, built with non-default values (numbers above the signed range of their Java type,
 * non-ASCII strings, tables of several types, each bit alone), encodes and decodes back to an equal record through
 * {@link MethodCodec}. Driven by {@link Method}'s permitted subclasses, so a new method is covered without editing.
 */
class MethodRoundTripTest {

    static Stream<Class<?>> records() {
        return Arrays.stream(Method.class.getPermittedSubclasses());
    }

    @Test
    void everyAmqpMethodHasARecord() {
        assertThat(Method.class.getPermittedSubclasses()).hasSize(66).allMatch(Class::isRecord);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void recordRoundTripsWithNonDefaultValues(Class<?> type) throws Exception {
        for (Method method : instances(type)) {
            ByteBuffer payload = encode(method);

            Method decoded = MethodCodec.decode(method.classId(), method.methodId(), payload);

            assertThat(decoded).isEqualTo(method).isExactlyInstanceOf(type);
            assertThat(payload.hasRemaining())
                    .as("every encoded byte is decoded")
                    .isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void eachBitOfARecordIsItsOwnBitOfTheSameOctets(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] base = values(type, components);
        int bits = 0;
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType() == boolean.class) {
                base[i] = false;
                bits++;
            }
        }
        if (bits == 0) {
            return;
        }
        byte[] none = bytes(encode(construct(type, base)));
        Set<Integer> positions = new HashSet<>();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType() != boolean.class) {
                continue;
            }
            Object[] args = base.clone();
            args[i] = true;
            byte[] one = bytes(encode(construct(type, args)));
            assertThat(one).hasSameSizeAs(none);
            int differing = 0;
            int position = -1;
            for (int b = 0; b < one.length; b++) {
                int xor = (one[b] ^ none[b]) & 0xFF;
                differing += Integer.bitCount(xor);
                if (xor != 0) {
                    position = b * 8 + Integer.numberOfTrailingZeros(xor);
                }
            }
            assertThat(differing)
                    .as("%s.%s sets exactly one bit", type.getSimpleName(), components[i].getName())
                    .isEqualTo(1);
            assertThat(positions.add(position))
                    .as("bit position of %s", components[i].getName())
                    .isTrue();
        }
        int expectedOctets = 0;
        int run = 0;
        for (RecordComponent component : components) {
            if (component.getType() == boolean.class) {
                run++;
            } else {
                expectedOctets += (run + 7) / 8;
                run = 0;
            }
        }
        expectedOctets += (run + 7) / 8;
        assertThat(positions.stream().map(p -> p / 8).distinct().count())
                .as("consecutive bits share octets")
                .isEqualTo(expectedOctets);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void namesAndIdsAgree(Class<?> type) throws Exception {
        Method method = instances(type).get(0);

        assertThat(method.name()).isEqualTo(type.getDeclaringClass().getSimpleName() + "." + type.getSimpleName());
        assertThat(MethodCodec.methodName(method.classId(), method.methodId())).isEqualTo(method.name());
        assertThat(type.getField("METHOD_ID").getInt(null)).isEqualTo(method.methodId());
        assertThat(type.getDeclaringClass().getField("CLASS_ID").getInt(null)).isEqualTo(method.classId());
    }

    /** The record with every bit false, and the records with one bit true each, plus one with all bits true. */
    private static List<Method> instances(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] base = values(type, components);
        List<Method> instances = new ArrayList<>();
        instances.add(construct(type, base));
        Object[] all = base.clone();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType() == boolean.class) {
                Object[] one = base.clone();
                for (int j = 0; j < components.length; j++) {
                    if (components[j].getType() == boolean.class) {
                        one[j] = j == i;
                    }
                }
                instances.add(construct(type, one));
                all[i] = true;
            }
        }
        instances.add(construct(type, all));
        return instances;
    }

    /**
     * Large values for every component: ints and longs first try values that only an unsigned 16-bit short or a
     * 64-bit longlong can hold, and fall back to octet and unsigned 32-bit values when the record rejects them.
     */
    private static Object[] values(Class<?> type, RecordComponent[] components) throws Exception {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = largeValue(components[i]);
        }
        for (int attempt = 0; attempt <= components.length; attempt++) {
            try {
                construct(type, args);
                return args;
            } catch (IllegalArgumentException e) {
                String field = e.getMessage().substring(0, e.getMessage().indexOf(' '));
                String component = field.substring(field.lastIndexOf('.') + 1);
                for (int i = 0; i < components.length; i++) {
                    if (components[i].getName().equals(component)) {
                        args[i] = smallerValue(components[i]);
                    }
                }
            }
        }
        throw new AssertionError("no valid values found for " + type);
    }

    private static Object largeValue(RecordComponent component) {
        Class<?> type = component.getType();
        if (type == boolean.class) {
            return true;
        }
        if (type == int.class) {
            return 0xBEEF; // above Short.MAX_VALUE: checks unsigned decoding
        }
        if (type == long.class) {
            return 0xF123456789ABCDEFL; // negative as a Java long: a longlong's full 64 bits
        }
        if (type == String.class) {
            return component.getName() + "-\u00e9\u20ac";
        }
        if (type == Map.class) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("string", "v\u00e9");
            table.put("int", -7);
            table.put("long", 1L << 40);
            table.put("bool", true);
            table.put("decimal", new BigDecimal("12.50"));
            table.put("time", Instant.ofEpochSecond(1_700_000_000L));
            table.put("nested", Map.of("list", List.of(1, "two")));
            table.put("void", null);
            return table;
        }
        throw new AssertionError("unexpected component type " + type + " of " + component);
    }

    private static Object smallerValue(RecordComponent component) {
        if (component.getType() == int.class) {
            return 0xAB; // above Byte.MAX_VALUE: checks unsigned decoding of octets
        }
        return 0xDEADBEEFL; // above Integer.MAX_VALUE: checks unsigned decoding of AMQP longs
    }

    private static Method construct(Class<?> type, Object[] args) throws Exception {
        Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
        try {
            return (Method) constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static ByteBuffer encode(Method method) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        method.encode(out);
        return out.flip();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
