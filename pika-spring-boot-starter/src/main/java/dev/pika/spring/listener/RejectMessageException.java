package dev.pika.spring.listener;

/**
 * Thrown by a listener (directly or as the cause of what it throws), or by a {@link
 * dev.pika.spring.listener.retry.MessageRecoverer}, to reject the delivery without requeue at once:
 * no further attempt, the broker dead-letters the message (or drops it when the queue has no
 * dead-letter exchange). This is also what the default recoverer does after the last attempt.
 *
 * <p>Immutable after construction; thread-safe.
 */
public class RejectMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the delivery is rejected
     */
    public RejectMessageException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message why the delivery is rejected
     * @param cause the failure
     */
    public RejectMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
