package dev.pika.testing.rabbitmqctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Erlang-like terms {@code rabbitmqctl list_connections ... client_properties} prints in its
 * tab-separated form, e.g. {@code [{"product","RabbitMQ"},{"capabilities",[{"basic.nack",true}]}]}.
 *
 * <p>Mapping: a list of 2-tuples whose first elements are strings becomes a {@code Map} (insertion
 * order); other lists and tuples become {@code List}s; strings become {@code String}s (with {@code \"},
 * {@code \\}, {@code \t}, {@code \n}, {@code \r} unescaped); {@code true}/{@code false} become
 * {@code Boolean}s; integers {@code Long}s; decimals {@code Double}s; other atoms their name.
 *
 * <p>Stateless entry point; each parse uses its own cursor. Thread-safe.
 */
final class ErlangTermParser {

    private final String text;
    private int pos;

    private ErlangTermParser(String text) {
        this.text = text;
    }

    /**
     * Parses one term that spans the whole text.
     *
     * @throws IllegalArgumentException at the first character that does not fit, with its position
     */
    static Object parse(String text) {
        ErlangTermParser parser = new ErlangTermParser(text);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected trailing text");
        }
        return value;
    }

    /** Parses a property list (as {@code client_properties}) into a map; {@code []} gives an empty map. */
    static Map<String, Object> parseTable(String text) {
        Object value = parse(text);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> table = new LinkedHashMap<>();
            map.forEach((k, v) -> table.put((String) k, v));
            return table;
        }
        if (value instanceof List<?> list && list.isEmpty()) {
            return new LinkedHashMap<>();
        }
        throw new IllegalArgumentException("not a property list: " + text);
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '[' -> list(']');
            case '{' -> list('}');
            case '"' -> string();
            default -> atomOrNumber();
        };
    }

    private Object list(char close) {
        pos++; // opening bracket
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek() == close) {
            pos++;
            return items;
        }
        while (true) {
            skipSpace();
            items.add(value());
            skipSpace();
            char c = next();
            if (c == close) {
                break;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '" + close + "'");
            }
        }
        return close == ']' && isPropertyList(items) ? toMap(items) : items;
    }

    private static boolean isPropertyList(List<Object> items) {
        if (items.isEmpty()) {
            return false;
        }
        for (Object item : items) {
            if (!(item instanceof List<?> tuple) || tuple.size() != 2 || !(tuple.get(0) instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> toMap(List<Object> items) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Object item : items) {
            List<?> tuple = (List<?>) item;
            map.put((String) tuple.get(0), tuple.get(1));
        }
        return map;
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                default -> out.append(e); // \" \\ and anything else stand for themselves
            }
        }
    }

    private Object atomOrNumber() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            boolean tokenChar =
                    Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.' || c == '+' || c == '-';
            if (!tokenChar) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("expected a value");
        }
        String token = text.substring(start, pos);
        switch (token) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException notInteger) {
            try {
                return Double.parseDouble(token);
            } catch (NumberFormatException notNumber) {
                return token;
            }
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos + " of: " + text);
    }
}
