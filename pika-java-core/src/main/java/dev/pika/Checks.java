package dev.pika;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the public value types of this package. Every message names the
 * parameter, the rejected value and what is accepted, so that a bad setting fails at start-up with
 * a message that says how to fix it.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class Checks {

    /** The longest AMQP short string, in UTF-8 bytes. */
    static final int SHORT_STRING_MAX_BYTES = 255;

    private Checks() {}

    static <T> T notNull(String name, T value) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    static int inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and " + max + " (inclusive), but was " + value);
        }
        return (int) value;
    }

    static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    static String notBlank(String name, String value) {
        notNull(name, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    /** An AMQP shortstr: at most 255 UTF-8 bytes. */
    static String shortString(String name, String value) {
        notNull(name, value);
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > SHORT_STRING_MAX_BYTES) {
            throw new IllegalArgumentException(name + " must be at most " + SHORT_STRING_MAX_BYTES
                    + " UTF-8 bytes (an AMQP short string), but was " + length + " bytes");
        }
        return value;
    }

    static Duration nonNegative(String name, Duration value) {
        notNull(name, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0 (PT0S), but was " + value);
        }
        return value;
    }

    /** A positive duration, or null for "none". */
    static Duration positiveOrNull(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be > 0 (or null for no timeout), but was " + value);
        }
        return value;
    }

    /** A whole number of seconds in [0, maxSeconds]. */
    static Duration wholeSeconds(String name, Duration value, long minSeconds, long maxSeconds) {
        notNull(name, value);
        if (value.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds (AMQP and TCP count it in"
                    + " seconds), but was " + value);
        }
        if (value.getSeconds() < minSeconds || value.getSeconds() > maxSeconds) {
            throw new IllegalArgumentException(name + " must be between " + minSeconds + " and " + maxSeconds
                    + " seconds (inclusive), but was " + value);
        }
        return value;
    }
}
