package dev.pika.exceptions;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@code BlockingChannel.basicPublish} in publisher-confirms mode when the broker returned the mandatory
 * message as unroutable ({@code Basic.Return}, then {@code Basic.Ack}). When the broker nacks the message instead,
 * {@link NackException} is thrown.
 *
 * <p>Pika's {@code UnroutableError}. Unchecked; immutable (the message list is an unmodifiable copy) and safe to share
 * between threads.
 */
public class UnroutableException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    private final transient List<ReturnedMessage> messages;

    /**
     * Creates the exception.
     *
     * @param messages the messages returned by the broker with {@code Basic.Return}; copied
     */
    public UnroutableException(List<ReturnedMessage> messages) {
        super(Objects.requireNonNull(messages, "messages").size() + " unroutable message(s) returned");
        this.messages = List.copyOf(messages);
    }

    /**
     * The messages returned by the broker with {@code Basic.Return}, in the order the broker sent them.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<ReturnedMessage> messages() {
        return messages;
    }
}
