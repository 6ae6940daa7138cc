package dev.pika.spring.core;

import dev.pika.BasicProperties;
import java.util.Objects;

/**
 * One message a {@link PikaTemplate} is about to publish, as {@link PublishInterceptor}s see it: they
 * may pass on a copy with other properties (e.g. trace headers added) with {@link
 * #withProperties(BasicProperties)}.
 *
 * <p>Immutable and thread-safe, except that the body array is the caller's and must not change until
 * the send completes.
 *
 * @param connectionName the name of the connection the template publishes on
 * @param exchange the exchange ({@code ""} for the default exchange)
 * @param routingKey the routing key
 * @param body the body
 * @param properties the properties, or {@code null}
 * @param confirms whether the send completes on the broker's confirm (the template's {@code
 *     pika.publisher.confirms})
 */
public record PublishRequest(
        String connectionName,
        String exchange,
        String routingKey,
        byte[] body,
        BasicProperties properties,
        boolean confirms) {

    /** Checks the required components. */
    public PublishRequest {
        Objects.requireNonNull(connectionName, "connectionName must not be null");
        Objects.requireNonNull(exchange, "exchange must not be null (use \"\" for the default exchange)");
        Objects.requireNonNull(routingKey, "routingKey must not be null");
        Objects.requireNonNull(body, "body must not be null");
    }

    /**
     * This request with other properties.
     *
     * @param newProperties the properties, or {@code null}
     * @return a new request
     */
    public PublishRequest withProperties(BasicProperties newProperties) {
        return new PublishRequest(connectionName, exchange, routingKey, body, newProperties, confirms);
    }
}
