package dev.pika.exceptions;

/**
 * Thrown when the broker dropped the connection while the client was authenticating (after
 * {@code Connection.StartOk}): most probably the credentials were refused. RabbitMQ reports refused credentials
 * explicitly with {@link AuthenticationException} when the client advertises the
 * {@code authentication_failure_close} capability.
 *
 * <p>Pika's {@code ProbableAuthenticationError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class ProbableAuthenticationException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public ProbableAuthenticationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public ProbableAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
