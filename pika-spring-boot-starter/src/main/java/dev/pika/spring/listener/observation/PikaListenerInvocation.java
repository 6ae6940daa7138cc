package dev.pika.spring.listener.observation;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import java.util.Objects;

/**
 * One delivery about to be processed by a listener, as {@link PikaListenerInvocationObserver}s see it.
 * The body itself is not carried: observers read the envelope and the properties only.
 *
 * <p>Immutable and thread-safe (the properties are immutable too).
 *
 * @param listenerId the listener id
 * @param queue the queue the delivery came from (the queue of the consumer tag)
 * @param connectionName the name of the {@code PikaConnection} it arrived on
 * @param deliver the delivery's method frame: consumer tag, delivery tag, redelivered flag, exchange,
 *     routing key
 * @param properties the message's properties (headers carry the trace context); never {@code null}
 * @param bodySize the body size in bytes
 */
public record PikaListenerInvocation(
        String listenerId,
        String queue,
        String connectionName,
        Basic.Deliver deliver,
        BasicProperties properties,
        int bodySize) {

    /** Checks the required components; {@code null} properties become {@link BasicProperties#EMPTY}. */
    public PikaListenerInvocation {
        Objects.requireNonNull(listenerId, "listenerId must not be null");
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(connectionName, "connectionName must not be null");
        Objects.requireNonNull(deliver, "deliver must not be null");
        properties = properties == null ? BasicProperties.EMPTY : properties;
        if (bodySize < 0) {
            throw new IllegalArgumentException("bodySize must not be negative, but was " + bodySize);
        }
    }
}
