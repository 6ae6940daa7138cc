package dev.pika.spring.listener;

/**
 * Thrown by a listener (directly or as the cause of what it throws) to put the delivery back in the queue
 * at once, skipping retry and recovery: the explicit opt-in to requeueing. Use it for transient conditions
 * another consumer may not have; a message that always fails this way loops, which is why requeueing is
 * never the default.
 *
 * <p>Immutable after construction; thread-safe.
 */
public class RequeueMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the delivery goes back to the queue
     */
    public RequeueMessageException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message why the delivery goes back to the queue
     * @param cause the failure
     */
    public RequeueMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
