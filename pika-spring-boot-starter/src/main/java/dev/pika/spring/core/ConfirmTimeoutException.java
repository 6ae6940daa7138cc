package dev.pika.spring.core;

import dev.pika.exceptions.AmqpChannelException;
import java.time.Duration;

/**
 * The broker did not confirm a send within the confirm timeout ({@code pika.publisher.confirm-timeout}),
 * or a {@code sendAndWait} gave up waiting. The message may still reach the broker: treat it as
 * unknown, not as lost (publish again idempotently if it matters).
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class ConfirmTimeoutException extends AmqpChannelException {

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param exchange the exchange published to
     * @param routingKey the routing key
     * @param timeout the timeout that passed
     */
    public ConfirmTimeoutException(String exchange, String routingKey, Duration timeout) {
        super("No publisher confirm for the message to exchange '" + exchange + "' with routing key '" + routingKey
                + "' within " + timeout + " (pika.publisher.confirm-timeout); the broker may still have it");
        this.timeout = timeout;
    }

    /**
     * The timeout that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
