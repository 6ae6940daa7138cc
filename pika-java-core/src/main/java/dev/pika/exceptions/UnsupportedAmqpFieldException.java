package dev.pika.exceptions;

/**
 * Thrown by the field-table encoder, before anything is written, when a table (message headers, queue or consumer
 * arguments, client properties) holds a Java value that has no AMQP field type: a type outside the table in
 * {@code FieldTables}, a map with a non-string key, a {@code BigDecimal} that does not fit AMQP's decimal, or
 * values nested too deep (a cycle). Nothing is sent, so no connection is closed; {@link #replyCode()} is 502.
 *
 * <p>Pika's {@code UnsupportedAMQPFieldException}. Unchecked; immutable and safe to share between threads.
 */
public class UnsupportedAmqpFieldException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with reply code 502.
     *
     * @param message which value is unsupported, and what to use instead
     */
    public UnsupportedAmqpFieldException(String message) {
        super(SYNTAX_ERROR, message);
    }

    /**
     * The value stored under {@code key} has an unsupported type.
     *
     * @param key the table key (or {@code "[index]"} in an array)
     * @param value the offending value
     * @return the exception, to throw
     */
    public static UnsupportedAmqpFieldException unsupportedType(String key, Object value) {
        return new UnsupportedAmqpFieldException("Unsupported field kind "
                + value.getClass().getName()
                + " for field table key '" + key + "'; use String, Boolean, Byte, Short, Integer, Long, Float, Double,"
                + " BigDecimal, Instant, Date, byte[], Map<String, ?>, List, Object[], null or a FieldValue");
    }
}
