package dev.pika.exceptions;

/**
 * The broker closed the channel with {@code Channel.Close}, typically a soft error caused by the last operation:
 * 404 {@code NOT_FOUND}, 406 {@code PRECONDITION_FAILED}, 403 {@code ACCESS_REFUSED}, 405 {@code RESOURCE_LOCKED}.
 *
 * <p>Pika's {@code ChannelClosedByBroker}. Unchecked; immutable and safe to share between threads.
 */
public class ChannelClosedByBrokerException extends ChannelClosedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param replyCode the reply code of the {@code Close} method
     * @param replyText the reply text of the {@code Close} method
     */
    public ChannelClosedByBrokerException(int replyCode, String replyText) {
        super(replyCode, replyText);
    }
}
