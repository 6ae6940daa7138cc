package dev.pika.testing;

import java.util.Locale;

/**
 * The family of the broker the integration tests run against, read from the {@code product} server
 * property the broker sends in {@code connection.start}.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum BrokerKind {
    /** RabbitMQ: the reference broker; every feature is available. */
    RABBITMQ("RabbitMQ"),
    /** Apache Qpid Broker-J: AMQP 0-9-1 without RabbitMQ's extensions (see FACTS.md for the differences). */
    QPID("Qpid Broker-J"),
    /** Any other AMQP 0-9-1 broker: treated as "not RabbitMQ". */
    OTHER("AMQP 0-9-1 broker");

    private final String displayName;

    BrokerKind(String displayName) {
        this.displayName = displayName;
    }

    /** A human name for messages, e.g. {@code "Qpid Broker-J"}. */
    public String displayName() {
        return displayName;
    }

    /**
     * Classifies a broker by the {@code product} property of its {@code connection.start}.
     *
     * @param product the product string, may be {@code null}
     * @return {@link #RABBITMQ} for "RabbitMQ", {@link #QPID} for any product naming Qpid, else {@link #OTHER}
     */
    public static BrokerKind fromProduct(String product) {
        if (product == null) {
            return OTHER;
        }
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("rabbitmq")) {
            return RABBITMQ;
        }
        if (p.contains("qpid")) {
            return QPID;
        }
        return OTHER;
    }
}
