package dev.pika.exceptions;

/**
 * Thrown by {@code BlockingConnection}/{@code BlockingChannel} when the requested operation would recurse in a way
 * they do not support, for example {@code startConsuming()} called from inside a message callback.
 *
 * <p>Pika's {@code ReentrancyError}; like Pika's it does not derive from {@link AmqpException}. Unchecked; immutable
 * and safe to share between threads.
 */
public class ReentrancyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was re-entered, and from where
     */
    public ReentrancyException(String message) {
        super(message);
    }
}
