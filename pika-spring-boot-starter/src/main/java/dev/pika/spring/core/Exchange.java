package dev.pika.spring.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An exchange to declare ({@code exchange.declare}).
 *
 * <pre>{@code
 * @Bean Exchange orders() { return Exchange.topic("orders").build(); }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the exchange name, not blank (the default exchange {@code ""} cannot be declared)
 * @param type {@code direct}, {@code topic}, {@code fanout}, {@code headers} or a plugin's type
 * @param durable whether it survives a broker restart
 * @param autoDelete whether the broker deletes it when its last binding goes
 * @param internal whether clients may not publish to it (only other exchanges)
 * @param arguments the exchange arguments ({@code alternate-exchange}...)
 */
public record Exchange(
        String name, String type, boolean durable, boolean autoDelete, boolean internal, Map<String, Object> arguments)
        implements Declarable {

    /** Checks the name and type, copies the arguments. */
    public Exchange {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(type, "type must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("exchange name must not be blank: the default exchange \"\" exists"
                    + " already and cannot be declared");
        }
        if (name.startsWith("amq.")) {
            throw new IllegalArgumentException("exchange name '" + name + "' is reserved by the broker (amq.*):"
                    + " choose another name, or publish to it without declaring it");
        }
        if (type.isBlank()) {
            throw new IllegalArgumentException("exchange type must not be blank, e.g. direct, topic or fanout");
        }
        arguments =
                arguments == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /**
     * A builder for a durable direct exchange.
     *
     * @param name the exchange name
     * @return the builder
     */
    public static Builder direct(String name) {
        return new Builder(name, "direct");
    }

    /**
     * A builder for a durable topic exchange.
     *
     * @param name the exchange name
     * @return the builder
     */
    public static Builder topic(String name) {
        return new Builder(name, "topic");
    }

    /**
     * A builder for a durable fanout exchange.
     *
     * @param name the exchange name
     * @return the builder
     */
    public static Builder fanout(String name) {
        return new Builder(name, "fanout");
    }

    /**
     * A builder for a durable headers exchange.
     *
     * @param name the exchange name
     * @return the builder
     */
    public static Builder headers(String name) {
        return new Builder(name, "headers");
    }

    /**
     * A builder for a durable exchange of any type.
     *
     * @param name the exchange name
     * @param type the type
     * @return the builder
     */
    public static Builder of(String name, String type) {
        return new Builder(name, type);
    }

    @Override
    public String describe() {
        return type + " exchange '" + name + "'";
    }

    /** Builds an {@link Exchange}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String type;
        private boolean durable = true;
        private boolean autoDelete;
        private boolean internal;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private Builder(String name, String type) {
            this.name = name;
            this.type = type;
        }

        /**
         * Makes the exchange non-durable.
         *
         * @return this builder
         */
        public Builder nonDurable() {
            this.durable = false;
            return this;
        }

        /**
         * Makes the broker delete the exchange when its last binding goes.
         *
         * @return this builder
         */
        public Builder autoDelete() {
            this.autoDelete = true;
            return this;
        }

        /**
         * Makes the exchange internal.
         *
         * @return this builder
         */
        public Builder internal() {
            this.internal = true;
            return this;
        }

        /**
         * Adds an argument.
         *
         * @param key e.g. {@code alternate-exchange}
         * @param value its value
         * @return this builder
         */
        public Builder argument(String key, Object value) {
            arguments.put(Objects.requireNonNull(key, "key must not be null"), value);
            return this;
        }

        /**
         * Builds the exchange.
         *
         * @return the exchange
         */
        public Exchange build() {
            return new Exchange(name, type, durable, autoDelete, internal, arguments);
        }
    }
}
