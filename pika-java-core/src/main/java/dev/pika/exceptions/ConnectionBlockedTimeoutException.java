package dev.pika.exceptions;

/**
 * Passed to the connection-closed callback (and thrown by blocked calls of a {@code BlockingConnection}) when the
 * broker kept the connection blocked ({@code Connection.Blocked}, RabbitMQ's resource alarm) for longer than the
 * {@code blockedConnectionTimeout} parameter; the client then tears the connection down.
 *
 * <p>Pika's {@code ConnectionBlockedTimeout}. Unchecked; immutable after construction and safe to share between threads.
 */
public class ConnectionBlockedTimeoutException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public ConnectionBlockedTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public ConnectionBlockedTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
