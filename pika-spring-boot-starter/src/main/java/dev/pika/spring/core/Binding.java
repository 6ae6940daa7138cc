package dev.pika.spring.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A binding to declare: a queue ({@code queue.bind}) or an exchange ({@code exchange.bind}, RabbitMQ)
 * bound to an exchange with a routing key.
 *
 * <pre>{@code
 * @Bean Binding created(Queue orders, Exchange events) {
 *     return Binding.bind(orders).to(events).with("order.created");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param destination the queue or exchange name that receives the messages
 * @param destinationType whether the destination is a queue or an exchange
 * @param exchange the exchange the messages come from
 * @param routingKey the routing key (binding key), {@code ""} for none
 * @param arguments the binding arguments (headers exchanges match on them)
 */
public record Binding(
        String destination,
        DestinationType destinationType,
        String exchange,
        String routingKey,
        Map<String, Object> arguments)
        implements Declarable {

    /** What a binding's destination is. */
    public enum DestinationType {
        /** A queue: {@code queue.bind}. */
        QUEUE,
        /** An exchange: {@code exchange.bind} (a RabbitMQ extension). */
        EXCHANGE
    }

    /** Checks the names and copies the arguments. */
    public Binding {
        Objects.requireNonNull(destination, "destination must not be null");
        Objects.requireNonNull(destinationType, "destinationType must not be null");
        Objects.requireNonNull(exchange, "exchange must not be null");
        Objects.requireNonNull(routingKey, "routingKey must not be null (use \"\" for none)");
        if (destination.isBlank()) {
            throw new IllegalArgumentException("binding destination must not be blank");
        }
        if (exchange.isEmpty()) {
            throw new IllegalArgumentException("bindings to the default exchange \"\" are implicit and cannot be"
                    + " declared: publish to \"\" with the queue name as routing key instead");
        }
        arguments =
                arguments == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /**
     * Starts a binding of a queue.
     *
     * @param queue the queue
     * @return the next step: {@code to(exchange)}
     */
    public static To bind(Queue queue) {
        return new To(Objects.requireNonNull(queue, "queue must not be null").name(), DestinationType.QUEUE);
    }

    /**
     * Starts a binding of an exchange (exchange-to-exchange, RabbitMQ).
     *
     * @param exchange the destination exchange
     * @return the next step: {@code to(exchange)}
     */
    public static To bind(Exchange exchange) {
        return new To(
                Objects.requireNonNull(exchange, "exchange must not be null").name(), DestinationType.EXCHANGE);
    }

    /**
     * Starts a binding of a queue given by name.
     *
     * @param queueName the queue name
     * @return the next step: {@code to(exchange)}
     */
    public static To bindQueue(String queueName) {
        return new To(queueName, DestinationType.QUEUE);
    }

    @Override
    public String describe() {
        return "binding of " + (destinationType == DestinationType.QUEUE ? "queue" : "exchange") + " '" + destination
                + "' to exchange '" + exchange + "' with routing key '" + routingKey + "'";
    }

    /** The step that names the source exchange. Immutable. */
    public static final class To {
        private final String destination;
        private final DestinationType destinationType;

        private To(String destination, DestinationType destinationType) {
            this.destination = destination;
            this.destinationType = destinationType;
        }

        /**
         * Names the source exchange.
         *
         * @param exchange the exchange
         * @return the next step: {@code with(routingKey)}
         */
        public With to(Exchange exchange) {
            return to(Objects.requireNonNull(exchange, "exchange must not be null")
                    .name());
        }

        /**
         * Names the source exchange.
         *
         * @param exchangeName the exchange name
         * @return the next step: {@code with(routingKey)}
         */
        public With to(String exchangeName) {
            return new With(destination, destinationType, exchangeName);
        }
    }

    /** The step that gives the routing key and arguments. Not thread-safe. */
    public static final class With {
        private final String destination;
        private final DestinationType destinationType;
        private final String exchange;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private With(String destination, DestinationType destinationType, String exchange) {
            this.destination = destination;
            this.destinationType = destinationType;
            this.exchange = exchange;
        }

        /**
         * Adds a binding argument (headers exchanges: {@code x-match} and the headers to match).
         *
         * @param key the argument
         * @param value its value
         * @return this step
         */
        public With argument(String key, Object value) {
            arguments.put(Objects.requireNonNull(key, "key must not be null"), value);
            return this;
        }

        /**
         * Finishes the binding with a routing key.
         *
         * @param routingKey the routing key (binding key)
         * @return the binding
         */
        public Binding with(String routingKey) {
            return new Binding(destination, destinationType, exchange, routingKey, arguments);
        }

        /**
         * Finishes the binding without a routing key (fanout and headers exchanges).
         *
         * @return the binding
         */
        public Binding noRoutingKey() {
            return with("");
        }
    }
}
