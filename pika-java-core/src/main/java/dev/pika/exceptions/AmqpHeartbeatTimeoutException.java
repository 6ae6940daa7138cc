package dev.pika.exceptions;

/**
 * Passed to the connection-closed callback (and thrown by a {@code BlockingConnection}) when nothing was received
 * from the broker for the negotiated heartbeat timeout: the connection is considered dead and is aborted.
 *
 * <p>Pika's {@code AMQPHeartbeatTimeout}. Unchecked; immutable after construction and safe to share between threads.
 */
public class AmqpHeartbeatTimeoutException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public AmqpHeartbeatTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public AmqpHeartbeatTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
