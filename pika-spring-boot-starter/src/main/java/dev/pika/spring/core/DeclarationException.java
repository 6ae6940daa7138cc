package dev.pika.spring.core;

import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedException;
import dev.pika.exceptions.ConnectionClosedException;

/**
 * The broker refused a declaration: names the entity and the broker's reply (e.g. {@code 406
 * PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'orders'}). At start-up (with {@code
 * pika.declarations.fail-fast}, the default) it fails the application; after a recovery it is logged.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class DeclarationException extends AmqpException {

    private final String entity;
    private final int replyCode;
    private final String replyText;

    /**
     * Creates the exception from the broker's refusal.
     *
     * @param entity the entity, e.g. {@code queue 'orders'}
     * @param cause the failure (a channel or connection close carries the reply code and text)
     */
    public DeclarationException(String entity, Throwable cause) {
        super(message(entity, cause), cause);
        this.entity = entity;
        if (cause instanceof ChannelClosedException closed) {
            this.replyCode = closed.replyCode();
            this.replyText = closed.replyText();
        } else if (cause instanceof ConnectionClosedException closed) {
            this.replyCode = closed.replyCode();
            this.replyText = closed.replyText();
        } else {
            this.replyCode = 0;
            this.replyText = cause == null ? null : cause.getMessage();
        }
    }

    private static String message(String entity, Throwable cause) {
        String reply;
        if (cause instanceof ChannelClosedException closed) {
            reply = closed.replyCode() + " " + closed.replyText();
        } else if (cause instanceof ConnectionClosedException closed) {
            reply = closed.replyCode() + " " + closed.replyText();
        } else {
            reply = cause == null ? "unknown reason" : cause.getMessage();
        }
        return "Declaring " + entity + " failed: " + reply;
    }

    /**
     * The entity that was refused.
     *
     * @return e.g. {@code queue 'orders'}
     */
    public String entity() {
        return entity;
    }

    /**
     * The broker's reply code (404 NOT_FOUND, 406 PRECONDITION_FAILED, 403 ACCESS_REFUSED...), or 0
     * when the failure was not a reply from the broker.
     *
     * @return the reply code
     */
    public int replyCode() {
        return replyCode;
    }

    /**
     * The broker's reply text, or the failure's message.
     *
     * @return the text
     */
    public String replyText() {
        return replyText;
    }
}
