package dev.pika.exceptions;

/**
 * Thrown by the field-table decoder when a table or array holds a value whose type octet is not an AMQP 0-9-1 field
 * type (see {@code FieldTables}). The connection is closed with 502 {@code SYNTAX_ERROR}.
 *
 * <p>Pika's {@code InvalidFieldTypeException}. Unchecked; immutable and safe to share between threads.
 */
public class InvalidFieldTypeException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    private final int fieldType;

    /**
     * Creates the exception with reply code 502.
     *
     * @param fieldType the unknown type octet
     */
    public InvalidFieldTypeException(int fieldType) {
        super(SYNTAX_ERROR, "Unsupported field kind " + describe(fieldType) + " in a field table or array");
        this.fieldType = fieldType;
    }

    /**
     * The unknown type octet.
     *
     * @return the octet, 0 to 255
     */
    public int fieldType() {
        return fieldType;
    }

    private static String describe(int fieldType) {
        return fieldType >= 0x21 && fieldType <= 0x7e
                ? "'" + (char) fieldType + "' (" + fieldType + ")"
                : String.valueOf(fieldType);
    }
}
