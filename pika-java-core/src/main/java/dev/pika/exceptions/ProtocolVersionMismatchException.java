package dev.pika.exceptions;

/**
 * Thrown during the handshake when the server speaks another protocol version: it answered the client's protocol
 * header with its own, or its {@code Connection.Start} announces a version other than 0-9. The connection is aborted;
 * {@link #replyCode()} is 502.
 *
 * <p>Pika's {@code ProtocolVersionMismatch}. Unchecked; immutable and safe to share between threads.
 */
public class ProtocolVersionMismatchException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with reply code 502.
     *
     * @param expected the version the client speaks, e.g. {@code "0-9-1"}
     * @param received the version the server announced, e.g. {@code "0-8"}
     */
    public ProtocolVersionMismatchException(String expected, String received) {
        super(SYNTAX_ERROR, "Protocol versions did not match: client speaks " + expected + ", server " + received);
    }
}
