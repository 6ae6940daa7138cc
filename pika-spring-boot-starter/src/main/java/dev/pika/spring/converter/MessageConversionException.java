package dev.pika.spring.converter;

/**
 * A payload could not be converted to a message, or a message to the wanted type. Unchecked.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class MessageConversionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be converted, and why
     */
    public MessageConversionException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what could not be converted, and why
     * @param cause the converter's failure
     */
    public MessageConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
