package dev.pika.spring.core;

import java.util.Map;

/**
 * Something the broker holds that the application declares: a {@link Queue}, an {@link Exchange} or a
 * {@link Binding}. Beans of these types (and {@link Declarables} beans grouping them) are declared by
 * {@link PikaAdmin} whenever a connection opens, the first time and after every recovery.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Declarable permits Queue, Exchange, Binding {

    /**
     * The entity's arguments ({@code x-message-ttl}, {@code alternate-exchange}...).
     *
     * @return an immutable map, empty for none
     */
    Map<String, Object> arguments();

    /**
     * How errors and logs name the entity, e.g. {@code queue 'orders'}.
     *
     * @return the description
     */
    String describe();
}
