package dev.pika.exceptions;

/**
 * Thrown by the content assembler when a message body is too long, in one of two ways:
 *
 * <ul>
 *   <li>the body frames carry more bytes than the content header announced ({@link #exceedsAnnounced(int, long,
 *       long)}): the connection is closed with 505 {@code UNEXPECTED_FRAME};
 *   <li>the content header announces a body larger than the client's {@code maxInboundMessageBodySize}
 *       ({@link #exceedsLimit(int, long, long)}): nothing is allocated, and the connection is closed with 506
 *       {@code RESOURCE_ERROR}.
 * </ul>
 *
 * <p>Pika's {@code BodyTooLongError}. Unchecked; immutable and safe to share between threads.
 */
public class BodyTooLongException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    private final long received;
    private final long expected;

    /**
     * Creates the exception.
     *
     * @param replyCode 505 or 506, see the class description
     * @param received the body size received or announced
     * @param expected the size announced, or the limit
     * @param message the full message
     */
    public BodyTooLongException(int replyCode, long received, long expected, String message) {
        super(replyCode, message);
        this.received = received;
        this.expected = expected;
    }

    /**
     * The body frames carried more bytes than the header announced (505).
     *
     * @param channel the channel of the delivery
     * @param received the bytes received so far
     * @param announced the body size from the content header
     * @return the exception, to throw
     */
    public static BodyTooLongException exceedsAnnounced(int channel, long received, long announced) {
        return new BodyTooLongException(
                UNEXPECTED_FRAME,
                received,
                announced,
                "Received too many bytes for a message delivery on channel " + channel + ": received " + received
                        + ", expected " + announced);
    }

    /**
     * The header announced a body larger than the client accepts (506).
     *
     * @param channel the channel of the delivery
     * @param announced the body size from the content header
     * @param limit the client's {@code maxInboundMessageBodySize}
     * @return the exception, to throw
     */
    public static BodyTooLongException exceedsLimit(int channel, long announced, long limit) {
        return new BodyTooLongException(
                RESOURCE_ERROR,
                announced,
                limit,
                "Message body of " + announced + " bytes on channel " + channel
                        + " exceeds maxInboundMessageBodySize of " + limit
                        + " bytes; raise the limit in ConnectionParameters if such messages are expected");
    }

    /**
     * The body size received (too many bytes) or announced (over the limit).
     *
     * @return a byte count
     */
    public long received() {
        return received;
    }

    /**
     * The body size the header announced, or the client's limit.
     *
     * @return a byte count
     */
    public long expected() {
        return expected;
    }
}
