package dev.pika.exceptions;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@code BlockingChannel.basicPublish} in publisher-confirms mode when the broker could not take
 * responsibility for the message and answered with {@code Basic.Nack}.
 *
 * <p>Pika's {@code NackError}. Unchecked; immutable (the message list is an unmodifiable copy) and safe to share
 * between threads.
 */
public class NackException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    private final transient List<ReturnedMessage> messages;

    /**
     * Creates the exception.
     *
     * @param messages the messages the broker nacked; copied
     */
    public NackException(List<ReturnedMessage> messages) {
        super(Objects.requireNonNull(messages, "messages").size() + " message(s) NACKed");
        this.messages = List.copyOf(messages);
    }

    /**
     * The messages the broker nacked, in the order the broker sent them.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<ReturnedMessage> messages() {
        return messages;
    }
}
