package dev.pika;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deep copies, deep equality and hash codes of AMQP field-table values as the application gives
 * them (client properties): nested maps and lists are copied into unmodifiable ones, arrays into
 * lists, {@code byte[]} cloned and compared by content, {@link Date} turned into {@link
 * java.time.Instant}. Stateless; safe from any thread.
 */
final class FieldTableValues {

    private FieldTableValues() {}

    static Map<String, Object> copy(Map<String, ?> table) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : table.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("clientProperties keys must not be null");
            }
            copy.put(entry.getKey(), copyValue(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException(
                            "clientProperties: nested table keys must be strings, but found " + key);
                }
            }
            return copy((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return copyValue(Arrays.asList(array));
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return value;
    }

    static boolean deepEquals(Object a, Object b) {
        if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : left.entrySet()) {
                if (!right.containsKey(entry.getKey()) || !deepEquals(entry.getValue(), right.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> left && b instanceof List<?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (int i = 0; i < left.size(); i++) {
                if (!deepEquals(left.get(i), right.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.deepEquals(a, b);
    }

    static int deepHashCode(Object value) {
        if (value instanceof Map<?, ?> map) {
            int hash = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                hash += Objects.hashCode(entry.getKey()) ^ deepHashCode(entry.getValue());
            }
            return hash;
        }
        if (value instanceof List<?> list) {
            int hash = 1;
            for (Object element : list) {
                hash = 31 * hash + deepHashCode(element);
            }
            return hash;
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        return Objects.hashCode(value);
    }
}
