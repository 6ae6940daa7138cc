package dev.pika.spring.core;

import dev.pika.exceptions.AmqpChannelException;

/**
 * The template is stopping or stopped (application shutdown): a new send is refused, or a send still
 * unconfirmed when the shutdown timeout ({@code pika.publisher.shutdown-timeout}) passed is failed. The
 * failed message may still reach the broker.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class PublisherStoppedException extends AmqpChannelException {

    /**
     * Creates the exception.
     *
     * @param message what was refused or failed
     */
    public PublisherStoppedException(String message) {
        super(message);
    }
}
