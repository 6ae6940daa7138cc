package dev.pika.exceptions;

/**
 * Thrown when the peer sent a frame out of sequence: a content header or body frame when no content was expected
 * (after a method that carries none), a method frame while a message's content was still pending, a content header
 * for another class than its method's, or a method where the handshake expects another. The connection is closed
 * with 505 {@code UNEXPECTED_FRAME}.
 *
 * <p>Pika's {@code UnexpectedFrameError}. Unchecked; immutable and safe to share between threads.
 */
public class UnexpectedFrameException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with reply code 505.
     *
     * @param message which frame arrived and what was expected instead
     */
    public UnexpectedFrameException(String message) {
        super(UNEXPECTED_FRAME, message);
    }

    /**
     * A frame arrived where another was expected.
     *
     * @param channel the channel of the frame
     * @param received what arrived, e.g. {@code "content body"}
     * @param expected what was expected, e.g. {@code "content header for Basic.Deliver"}
     * @return the exception, to throw
     */
    public static UnexpectedFrameException of(int channel, String received, String expected) {
        return new UnexpectedFrameException("Received a frame out of sequence on channel " + channel + ": " + received
                + " while expecting " + expected);
    }
}
