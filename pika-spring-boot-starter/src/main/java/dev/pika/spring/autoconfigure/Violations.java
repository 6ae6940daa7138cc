package dev.pika.spring.autoconfigure;

import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the problems of a configuration so that start-up reports all of them at once, and turns
 * the {@link IllegalArgumentException}s of {@code dev.pika} builders into {@link Violation}s that name
 * the property.
 *
 * <p>Not thread-safe: one per check, on one thread.
 */
final class Violations {

    private static final String MASK = "******";

    private final List<Violation> found = new ArrayList<>();

    /** Records a problem. */
    void add(String property, Object value, String problem, String action) {
        found.add(new Violation(property, value == null ? null : String.valueOf(value), problem, action));
    }

    /**
     * Runs a builder call; an {@link IllegalArgumentException} or {@link NullPointerException} it
     * throws becomes a violation of the property, with the builder's message as the problem.
     *
     * @return whether the call succeeded
     */
    boolean check(String property, Object value, String action, Runnable call) {
        try {
            call.run();
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            add(property, value, String.valueOf(e.getMessage()), action);
            return false;
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** How many problems were recorded so far. */
    int size() {
        return found.size();
    }

    /** Throws {@link InvalidPikaPropertiesException} when a problem was recorded. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidPikaPropertiesException(found);
        }
    }

    /** A password as shown in messages. */
    static String maskSecret(String secret) {
        return secret == null ? null : MASK;
    }

    /**
     * An AMQP URL as shown in messages: the password in its user information replaced by {@code
     * ******}, and the query dropped when it may hold key passwords.
     */
    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String shown = url;
        int scheme = shown.indexOf("://");
        int authorityStart = scheme < 0 ? 0 : scheme + 3;
        int authorityEnd = indexOfAny(shown, authorityStart, '/', '?', '#');
        int at = shown.lastIndexOf('@', authorityEnd - 1);
        if (at >= authorityStart) {
            int colon = shown.indexOf(':', authorityStart);
            if (colon >= 0 && colon < at) {
                shown = shown.substring(0, colon + 1) + MASK + shown.substring(at);
            }
        }
        int query = shown.indexOf('?');
        if (query >= 0 && shown.substring(query).toLowerCase(Locale.ROOT).contains("password")) {
            shown = shown.substring(0, query) + "?" + MASK;
        }
        return shown;
    }

    private static int indexOfAny(String text, int from, char... candidates) {
        int end = text.length();
        for (char candidate : candidates) {
            int index = text.indexOf(candidate, from);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        return end;
    }
}
