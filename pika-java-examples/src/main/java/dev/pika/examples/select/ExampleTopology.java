package dev.pika.examples.select;

import java.util.Objects;

/**
 * Where the examples publish and consume: a topic exchange, a queue bound to it, and the binding's routing key. The
 * defaults are Pika's ({@code message}, {@code text}, {@code example.text}); tests use unique names.
 *
 * <p>Immutable.
 *
 * @param exchange the topic exchange both examples declare
 * @param queue the queue both examples declare and bind
 * @param routingKey the routing key of the binding and of the published messages
 */
public record ExampleTopology(String exchange, String queue, String routingKey) {

    /** The type of the exchange: {@value}. */
    public static final String EXCHANGE_TYPE = "topic";

    /** Pika's names: exchange {@code message}, queue {@code text}, routing key {@code example.text}. */
    public static final ExampleTopology DEFAULT = new ExampleTopology("message", "text", "example.text");

    /**
     * Checks the names.
     *
     * @param exchange the exchange name
     * @param queue the queue name
     * @param routingKey the routing key
     */
    public ExampleTopology {
        Objects.requireNonNull(exchange, "exchange must not be null");
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(routingKey, "routingKey must not be null");
        if (exchange.isEmpty() || queue.isEmpty()) {
            throw new IllegalArgumentException(
                    "exchange and queue must be named: the examples declare and bind them (got '" + exchange + "', '"
                            + queue + "')");
        }
    }
}
