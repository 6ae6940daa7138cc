package dev.pika.exceptions;

/**
 * Thrown (or passed to the connection-closed callback) when the TCP/TLS stream was lost: the peer closed the socket
 * without an AMQP close handshake, or a read or write failed (the I/O error is the cause).
 *
 * <p>Pika's {@code StreamLostError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class StreamLostException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public StreamLostException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public StreamLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
