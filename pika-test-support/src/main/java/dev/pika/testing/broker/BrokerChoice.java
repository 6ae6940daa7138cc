package dev.pika.testing.broker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which broker the harness uses: {@link #AUTO} walks the fallback order, the others force one option.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum BrokerChoice {
    /** PIKA_TEST_URI if set, else local RabbitMQ, else Testcontainers, else embedded Qpid Broker-J. */
    AUTO,
    /** Only the broker named by PIKA_TEST_URI (which must then be set). */
    URI,
    /** Only a RabbitMQ already answering on the local probe address (localhost:5672 unless changed). */
    RABBITMQ,
    /** Only a RabbitMQ started with Testcontainers (Docker required). */
    TESTCONTAINERS,
    /** Only the embedded Qpid Broker-J, started in the test JVM. */
    QPID;

    /** The value as written in PIKA_TEST_BROKER, e.g. {@code "qpid"}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a PIKA_TEST_BROKER value, case-insensitively; blank means {@link #AUTO}.
     *
     * @param value the configured value
     * @param source where it came from, for the error message (e.g. {@code "PIKA_TEST_BROKER"})
     * @throws IllegalArgumentException naming the source and the accepted values
     */
    public static BrokerChoice parse(String value, String source) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (BrokerChoice choice : values()) {
            if (choice.name().equals(v)) {
                return choice;
            }
        }
        String accepted = Arrays.stream(values()).map(BrokerChoice::value).collect(Collectors.joining("|"));
        throw new IllegalArgumentException(
                source + "=" + value + " is not a broker choice; use one of " + accepted + " (or leave it unset)");
    }
}
