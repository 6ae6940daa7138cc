package dev.pika.exceptions;

/**
 * Thrown when a value that AMQP encodes as a short string (at most 255 bytes of UTF-8) is longer: a queue or exchange
 * name, a routing key, a consumer tag, a string message property, a field-table key. Thrown by method record
 * constructors, the {@code BasicProperties} builder and the field-table encoder, before anything is written.
 *
 * <p>Pika's {@code ShortStringTooLong}. Unchecked; immutable and safe to share between threads.
 */
public class ShortStringTooLongException extends AmqpException {

    private static final long serialVersionUID = 1L;

    /** The most bytes an AMQP short string can hold. */
    public static final int MAX_BYTES = 255;

    private static final int PREVIEW_CHARS = 40;

    private final String field;
    private final int byteLength;

    /**
     * Creates the exception.
     *
     * @param field the field that holds the value, e.g. {@code "Queue.Declare.queue"}
     * @param byteLength the value's length in UTF-8 bytes
     * @param message the full message
     */
    public ShortStringTooLongException(String field, int byteLength, String message) {
        super(message);
        this.field = field;
        this.byteLength = byteLength;
    }

    /**
     * The value of {@code field} is {@code byteLength} bytes long.
     *
     * @param field the field that holds the value, e.g. {@code "Queue.Declare.queue"}
     * @param value the value (only its first characters appear in the message)
     * @param byteLength the value's length in UTF-8 bytes
     * @return the exception, to throw
     */
    public static ShortStringTooLongException of(String field, String value, int byteLength) {
        String preview = value.length() <= PREVIEW_CHARS ? value : value.substring(0, PREVIEW_CHARS) + "...";
        return new ShortStringTooLongException(
                field,
                byteLength,
                field + " is " + byteLength + " bytes of UTF-8 but an AMQP short string can contain up to " + MAX_BYTES
                        + " bytes; shorten it (value starts with '" + preview + "')");
    }

    /**
     * The field whose value is too long.
     *
     * @return a name such as {@code "Basic.Publish.routingKey"} or {@code "field table key"}
     */
    public String field() {
        return field;
    }

    /**
     * The length of the rejected value.
     *
     * @return its length in UTF-8 bytes, more than {@value #MAX_BYTES}
     */
    public int byteLength() {
        return byteLength;
    }
}
