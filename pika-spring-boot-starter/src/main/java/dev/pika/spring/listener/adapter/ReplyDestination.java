package dev.pika.spring.listener.adapter;

import java.util.Objects;

/**
 * Where a reply goes: an exchange and a routing key. {@code @SendTo("exchange/routingKey")} and a
 * request's {@code reply-to} property become one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param exchange the exchange, {@code ""} for the default exchange
 * @param routingKey the routing key (on the default exchange: the queue name)
 */
public record ReplyDestination(String exchange, String routingKey) {

    /** Checks the components. */
    public ReplyDestination {
        Objects.requireNonNull(exchange, "exchange must not be null");
        Objects.requireNonNull(routingKey, "routingKey must not be null");
    }

    /**
     * Parses a {@code @SendTo} value: {@code "exchange/routingKey"}, {@code "exchange/"} (empty routing
     * key), or {@code "queue"} (the default exchange, routed to that queue).
     *
     * @param value the value, placeholders already resolved
     * @return the destination
     * @throws IllegalArgumentException when the value is blank
     */
    public static ReplyDestination parse(String value) {
        Objects.requireNonNull(value, "value must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(
                    "a reply destination must not be blank: give \"exchange/routingKey\"" + " or a queue name");
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            return new ReplyDestination("", value);
        }
        return new ReplyDestination(value.substring(0, slash), value.substring(slash + 1));
    }

    /**
     * The destination a request's {@code reply-to} names: a queue, reached through the default exchange
     * (Pika's RPC pattern; also RabbitMQ's direct reply-to {@code amq.rabbitmq.reply-to.*}).
     *
     * @param replyTo the property
     * @return the destination
     */
    public static ReplyDestination replyTo(String replyTo) {
        return new ReplyDestination("", replyTo);
    }

    @Override
    public String toString() {
        return (exchange.isEmpty() ? "(default exchange)" : exchange) + "/" + routingKey;
    }
}
