package dev.pika.embedded;

/**
 * The embedded broker could not start; the message says why and what to change. Unchecked.
 *
 * <p>Immutable and thread-safe, as exceptions are once thrown.
 */
public class EmbeddedBrokerException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what failed and how to fix it
     * @param cause the underlying failure, or null
     */
    public EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
