package dev.pika.exceptions;

/**
 * Thrown when the broker dropped the connection while it was being tuned or opened (after
 * {@code Connection.TuneOk}/{@code Connection.Open}): most probably the user may not access the virtual host.
 *
 * <p>Pika's {@code ProbableAccessDeniedError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class ProbableAccessDeniedException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public ProbableAccessDeniedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public ProbableAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
