package dev.pika.exceptions;

import java.util.Objects;

/**
 * The channel was closed with an AMQP {@code Channel.Close}; carries its reply code and text. Thrown by calls on a
 * closed {@code BlockingChannel} and passed to channel-closed callbacks. The subtypes say who closed it.
 *
 * <p>Pika's {@code ChannelClosed}. Unchecked; immutable and safe to share between threads.
 */
public class ChannelClosedException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    private final int replyCode;
    private final String replyText;

    /**
     * Creates the exception.
     *
     * @param replyCode the reply code of the {@code Channel.Close}, e.g. 404 ({@code NOT_FOUND})
     * @param replyText the reply text of the {@code Channel.Close}
     */
    public ChannelClosedException(int replyCode, String replyText) {
        super("(" + replyCode + ") " + Objects.requireNonNullElse(replyText, ""));
        this.replyCode = replyCode;
        this.replyText = Objects.requireNonNullElse(replyText, "");
    }

    /**
     * The reply code of the {@code Channel.Close} that closed the channel.
     *
     * @return the AMQP reply code, e.g. 404 ({@code NOT_FOUND}) or 406 ({@code PRECONDITION_FAILED})
     */
    public int replyCode() {
        return replyCode;
    }

    /**
     * The reply text of the {@code Channel.Close} that closed the channel.
     *
     * @return the text, never {@code null}
     */
    public String replyText() {
        return replyText;
    }
}
