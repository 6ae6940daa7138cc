package dev.pika.exceptions;

/**
 * The peer broke the AMQP 0-9-1 wire protocol: a malformed frame, an unknown method, an unexpected frame. Thrown by
 * the frame decoder and the content assembler; carries the AMQP reply code the client closes the connection with
 * ({@link #replyCode()}), and a reply text that fits a {@code Connection.Close} ({@link #replyText()}).
 *
 * <p>Pika's {@code ProtocolSyntaxError}. Unchecked; immutable and safe to share between threads.
 */
public class ProtocolSyntaxException extends AmqpException {

    private static final long serialVersionUID = 1L;

    /** AMQP reply code 501: the peer sent a frame the client could not decode. */
    public static final int FRAME_ERROR = 501;

    /** AMQP reply code 502: the peer sent illegal values for one or more fields. */
    public static final int SYNTAX_ERROR = 502;

    /** AMQP reply code 503: the peer sent an invalid (or unknown) method. */
    public static final int COMMAND_INVALID = 503;

    /** AMQP reply code 505: the peer sent a frame that was not expected, usually while content was pending. */
    public static final int UNEXPECTED_FRAME = 505;

    /** AMQP reply code 506: the peer asked for more resources than the client grants. */
    public static final int RESOURCE_ERROR = 506;

    /** AMQP reply code 540: the peer does not implement a method the client needs. */
    public static final int NOT_IMPLEMENTED = 540;

    private static final int MAX_REPLY_TEXT_BYTES = 255;

    private final int replyCode;

    /**
     * Creates the exception.
     *
     * @param replyCode the AMQP reply code to close the connection with (501, 502, 503, 505...)
     * @param message what the peer did wrong
     */
    public ProtocolSyntaxException(int replyCode, String message) {
        super(message);
        this.replyCode = replyCode;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param replyCode the AMQP reply code to close the connection with
     * @param message what the peer did wrong
     * @param cause the underlying failure, or {@code null}
     */
    public ProtocolSyntaxException(int replyCode, String message, Throwable cause) {
        super(message, cause);
        this.replyCode = replyCode;
    }

    /**
     * The AMQP reply code the connection must be closed with.
     *
     * @return a hard-error reply code such as 501 ({@code FRAME_ERROR}) or 505 ({@code UNEXPECTED_FRAME})
     */
    public int replyCode() {
        return replyCode;
    }

    /**
     * The message, shortened to fit the reply text of a {@code Connection.Close} (an AMQP short string).
     *
     * @return at most 255 bytes of UTF-8
     */
    public String replyText() {
        String text = String.valueOf(getMessage());
        if (text.length() * 3 <= MAX_REPLY_TEXT_BYTES) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + width > MAX_REPLY_TEXT_BYTES) {
                break;
            }
            bytes += width;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
