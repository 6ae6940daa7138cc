package dev.pika.spring.listener.adapter;

import dev.pika.spring.listener.RejectMessageException;

/**
 * A delivery could not be turned into the listener method's arguments: its body does not convert to the
 * payload type, or a required header is missing. Such a message would fail the same way on every attempt,
 * so it is a {@link RejectMessageException}: the container rejects it without requeue and without retry
 * (the broker dead-letters it when the queue has a dead-letter exchange). The listener's error handler
 * is not called: the method never ran.
 *
 * <p>Immutable after construction; thread-safe.
 */
public class UnresolvableArgumentException extends RejectMessageException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be resolved, for which listener, and why
     * @param cause the converter's failure, or {@code null}
     */
    public UnresolvableArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
