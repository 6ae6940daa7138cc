package dev.pika;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and writes the small subset of Python literals that Pika's URL query values use ({@code
 * ssl_options}, {@code tcp_options}, {@code client_properties} go through {@code ast.literal_eval}):
 * dicts with string keys, lists and tuples (both read as {@link List}), strings in single or double
 * quotes with backslash escapes, integers ({@link Integer} when they fit, else {@link Long}), floats
 * ({@link Double}), {@code True}, {@code False} and {@code None} ({@code null}).
 *
 * <p>Stateless; safe from any thread. Errors are {@link IllegalArgumentException}s naming the
 * setting and the position.
 */
final class PythonLiterals {

    private final String text;
    private final String setting;
    private final boolean echo;
    private int position;

    private PythonLiterals(String text, String setting, boolean echo) {
        this.text = text;
        this.setting = setting;
        this.echo = echo;
    }

    /**
     * Parses one literal.
     *
     * @param text the literal, e.g. {@code {'keepalive': True}}
     * @param setting the setting it is for, named in error messages
     * @param echo whether error messages may quote the text (false when it may hold a password)
     * @return the value: Map, List, String, Integer, Long, Double, Boolean or null
     */
    static Object parse(String text, String setting, boolean echo) {
        PythonLiterals parser = new PythonLiterals(text, setting, echo);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    /**
     * Parses a dict literal, or {@code None} (null).
     *
     * @return the map (insertion-ordered, unmodifiable), or null for {@code None}
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseDict(String text, String setting, boolean echo) {
        Object value = parse(text, setting, echo);
        if (value != null && !(value instanceof Map)) {
            throw new IllegalArgumentException(setting + " must be a Python dict literal like {'key': value}"
                    + (echo ? ", but was: " + text : ""));
        }
        return (Map<String, Object>) value;
    }

    private Object value() {
        skipSpace();
        if (position >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return dict();
            case '[':
                return sequence(']');
            case '(':
                return sequence(')');
            case '\'':
            case '"':
                return string();
            default:
                if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                    return number();
                }
                return word();
        }
    }

    private Map<String, Object> dict() {
        position++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                position++;
                return Collections.unmodifiableMap(map);
            }
            int keyStart = position;
            Object key = value();
            if (!(key instanceof String name)) {
                position = keyStart;
                throw error("dict keys must be strings");
            }
            skipSpace();
            expect(':');
            map.put(name, value());
            skipSpace();
            if (peek() == ',') {
                position++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char close) {
        position++; // '[' or '('
        List<Object> list = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                position++;
                return Collections.unmodifiableList(list);
            }
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                position++;
            } else if (peek() != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() {
        char quote = text.charAt(position++);
        StringBuilder out = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (position >= text.length()) {
                break;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'x' -> out.append((char) hex(2));
                case 'u' -> out.append((char) hex(4));
                case '\\', '\'', '"' -> out.append(escaped);
                default -> out.append('\\').append(escaped);
            }
        }
        throw error("unterminated string");
    }

    private int hex(int digits) {
        if (position + digits > text.length()) {
            throw error("truncated \\x or \\u escape");
        }
        try {
            int value = Integer.parseInt(text.substring(position, position + digits), 16);
            position += digits;
            return value;
        } catch (NumberFormatException e) {
            throw error("invalid \\x or \\u escape");
        }
    }

    private Object number() {
        int start = position;
        if (peek() == '-' || peek() == '+') {
            position++;
        }
        boolean floating = false;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isDigit(c) || c == '_') {
                position++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                floating = true;
                position++;
                if ((c == 'e' || c == 'E') && (peek() == '-' || peek() == '+')) {
                    position++;
                }
            } else {
                break;
            }
        }
        String literal = text.substring(start, position).replace("_", "");
        try {
            if (floating) {
                return Double.parseDouble(literal);
            }
            long value = Long.parseLong(literal);
            return value == (int) value ? (Object) (int) value : (Object) value;
        } catch (NumberFormatException e) {
            position = start;
            throw error(echo ? "invalid number '" + literal + "'" : "invalid number");
        }
    }

    private Object word() {
        int start = position;
        while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
            position++;
        }
        String word = text.substring(start, position);
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                position = start;
                throw error("expected a literal (dict, list, tuple, 'string', number, True, False or None)");
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(setting + " is not a valid Python literal: " + problem + " at position "
                + position + (echo ? " of: " + text : ""));
    }

    /**
     * Writes a value as a Python literal that {@link #parse} reads back equal.
     *
     * @throws IllegalArgumentException for a value of another type (naming the setting)
     */
    static String format(Object value, String setting) {
        StringBuilder out = new StringBuilder();
        write(out, value, setting);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String setting) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(setting + ": " + d + " has no Python literal");
            }
            out.append(d);
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(
                            setting + ": dict keys must be strings, but found " + entry.getKey());
                }
                if (!first) {
                    out.append(", ");
                }
                first = false;
                writeString(out, key);
                out.append(": ");
                write(out, entry.getValue(), setting);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(out, list.get(i), setting);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    setting + ": a " + value.getClass().getName()
                            + " value has no Python literal (supported: dict, list, str, int, float, bool, None)");
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('\'');
    }
}
