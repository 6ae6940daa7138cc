package dev.pika.spring.listener.adapter;

/**
 * The reply of a listener method could not be published (converted, routed or confirmed). It fails the
 * delivery like an exception of the method: retry (which calls the method again) and then recovery.
 *
 * <p>Immutable after construction; thread-safe.
 */
public class ListenerReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which listener, where to, and why
     * @param cause the failure
     */
    public ListenerReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
