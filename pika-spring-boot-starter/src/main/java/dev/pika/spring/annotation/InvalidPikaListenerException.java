package dev.pika.spring.annotation;

/**
 * A {@link PikaListener} cannot work as written: an attribute that does not parse, an unknown bean name,
 * a duplicate id, a method signature the adapter cannot serve. The message names the listener method,
 * the attribute, the value and the fix; it fails the application's start.
 *
 * <p>Immutable after construction; thread-safe.
 */
public class InvalidPikaListenerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, where, and how to fix it
     */
    public InvalidPikaListenerException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what is wrong, where, and how to fix it
     * @param cause the underlying failure
     */
    public InvalidPikaListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
