package dev.pika.exceptions;

/**
 * The client closed the channel at the application's request; passed to the channel-closed callback of the
 * asynchronous adapters, never thrown by a {@code BlockingChannel}.
 *
 * <p>Pika's {@code ChannelClosedByClient}. Unchecked; immutable and safe to share between threads.
 */
public class ChannelClosedByClientException extends ChannelClosedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param replyCode the reply code of the {@code Close} method
     * @param replyText the reply text of the {@code Close} method
     */
    public ChannelClosedByClientException(int replyCode, String replyText) {
        super(replyCode, replyText);
    }
}
