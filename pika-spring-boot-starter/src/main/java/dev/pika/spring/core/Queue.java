package dev.pika.spring.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A queue to declare ({@code queue.declare}).
 *
 * <pre>{@code
 * @Bean Queue orders() { return Queue.durable("orders").deadLetterExchange("orders.dlx").build(); }
 * @Bean Queue replies() { return Queue.anonymous(); }   // pika.gen-..., exclusive, auto-delete
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the queue name, not blank (the broker-named queue {@code ""} is not supported: its
 *     name would change at every recovery; use {@link #anonymous()})
 * @param durable whether it survives a broker restart
 * @param exclusive whether only the declaring connection may use it (deleted when it closes, and
 *     declared again after a recovery)
 * @param autoDelete whether the broker deletes it when its last consumer goes
 * @param arguments the queue arguments ({@code x-message-ttl}, {@code x-dead-letter-exchange}...)
 */
public record Queue(String name, boolean durable, boolean exclusive, boolean autoDelete, Map<String, Object> arguments)
        implements Declarable {

    /** Prefix of {@link #anonymous()} queue names: {@value}. */
    public static final String ANONYMOUS_PREFIX = "pika.gen-";

    /** Checks the name and copies the arguments. */
    public Queue {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException(
                    "queue name must not be blank: name the queue, or use Queue.anonymous() for a unique one");
        }
        arguments =
                arguments == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /**
     * A builder for a durable queue (the usual kind).
     *
     * @param name the queue name
     * @return the builder
     */
    public static Builder durable(String name) {
        return new Builder(name, true);
    }

    /**
     * A builder for a queue that does not survive a broker restart.
     *
     * @param name the queue name
     * @return the builder
     */
    public static Builder nonDurable(String name) {
        return new Builder(name, false);
    }

    /**
     * A queue with a unique generated name ({@value #ANONYMOUS_PREFIX} and a UUID), non-durable,
     * exclusive and auto-delete: for replies and per-instance subscriptions. The name is chosen here,
     * so it stays the same across recoveries.
     *
     * @return the queue
     */
    public static Queue anonymous() {
        return new Queue(ANONYMOUS_PREFIX + UUID.randomUUID(), false, true, true, Map.of());
    }

    @Override
    public String describe() {
        return "queue '" + name + "'";
    }

    /** Builds a {@link Queue}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final boolean durable;
        private boolean exclusive;
        private boolean autoDelete;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private Builder(String name, boolean durable) {
            this.name = name;
            this.durable = durable;
        }

        /**
         * Makes the queue exclusive to the declaring connection.
         *
         * @return this builder
         */
        public Builder exclusive() {
            this.exclusive = true;
            return this;
        }

        /**
         * Makes the broker delete the queue when its last consumer goes.
         *
         * @return this builder
         */
        public Builder autoDelete() {
            this.autoDelete = true;
            return this;
        }

        /**
         * Adds an argument.
         *
         * @param key e.g. {@code x-max-length}
         * @param value its value
         * @return this builder
         */
        public Builder argument(String key, Object value) {
            arguments.put(Objects.requireNonNull(key, "key must not be null"), value);
            return this;
        }

        /**
         * Sets {@code x-dead-letter-exchange}: where rejected and expired messages go.
         *
         * @param exchange the exchange
         * @return this builder
         */
        public Builder deadLetterExchange(String exchange) {
            return argument("x-dead-letter-exchange", exchange);
        }

        /**
         * Sets {@code x-dead-letter-routing-key}.
         *
         * @param routingKey the routing key
         * @return this builder
         */
        public Builder deadLetterRoutingKey(String routingKey) {
            return argument("x-dead-letter-routing-key", routingKey);
        }

        /**
         * Sets {@code x-message-ttl}.
         *
         * @param ttl the time to live
         * @return this builder
         */
        public Builder ttl(java.time.Duration ttl) {
            return argument("x-message-ttl", ttl.toMillis());
        }

        /**
         * Sets {@code x-queue-type=quorum} (RabbitMQ 3.8+; durable queues only).
         *
         * @return this builder
         */
        public Builder quorum() {
            return argument("x-queue-type", "quorum");
        }

        /**
         * Builds the queue.
         *
         * @return the queue
         */
        public Queue build() {
            return new Queue(name, durable, exclusive, autoDelete, arguments);
        }
    }
}
