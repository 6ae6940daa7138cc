package dev.pika.spring.listener.adapter;

import dev.pika.BasicProperties;
import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.core.Message;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaDelivery;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the reply of a listener method and waits until it is confirmed (with {@code
 * pika.publisher.confirms}, the default) before the request is acknowledged: a request is never acked
 * while its reply could still be lost. The result is converted with the template's converter (a {@link
 * Message} result is sent as it is); the reply carries the request's {@code correlation-id}. A reply
 * that cannot be published fails the delivery with a {@link ListenerReplyException}.
 *
 * <p>Immutable and thread-safe; {@link #send} blocks the calling worker thread until the publish is
 * settled, at most the timeout.
 */
public final class ReplySender {

    /** Publishes one message; {@link PikaTemplate#send(String, String, Message)} is one. */
    @FunctionalInterface
    public interface Publisher {

        /**
         * Publishes.
         *
         * @param exchange the exchange
         * @param routingKey the routing key
         * @param message the message
         * @return completed when the broker has it
         */
        CompletableFuture<Void> send(String exchange, String routingKey, Message message);
    }

    private final Publisher publisher;
    private final MessageConverter converter;
    private final Duration timeout;

    /**
     * Creates a sender.
     *
     * @param publisher publishes the replies
     * @param converter converts results that are not a {@link Message}
     * @param timeout how long to wait for the publisher's future (a safety bound beyond its own timeout)
     */
    public ReplySender(Publisher publisher, MessageConverter converter, Duration timeout) {
        this.publisher = Objects.requireNonNull(publisher, "publisher must not be null");
        this.converter = Objects.requireNonNull(converter, "converter must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    }

    /**
     * A sender publishing through the template, with its converter, waiting up to its confirm timeout
     * (plus a margin: the template fails the future itself at its timeout).
     *
     * @param template the template
     * @return the sender
     */
    public static ReplySender of(PikaTemplate template) {
        return new ReplySender(
                template::send,
                template.getMessageConverter(),
                template.getOptions().confirmTimeout().plusSeconds(5));
    }

    /**
     * Converts and publishes a reply, and waits for the broker.
     *
     * @param result what the listener returned, not null
     * @param request the request delivery (its correlation id is copied)
     * @param destination where to
     * @param listenerId names the listener in errors
     * @throws ListenerReplyException when the reply cannot be converted or published
     */
    public void send(Object result, PikaDelivery request, ReplyDestination destination, String listenerId) {
        Message reply;
        try {
            reply = toMessage(result, request.properties().correlationId());
        } catch (RuntimeException e) {
            throw new ListenerReplyException(
                    "Listener '" + listenerId + "' returned a "
                            + result.getClass().getName() + " that cannot be converted to a reply: " + e.getMessage(),
                    e);
        }
        CompletableFuture<Void> sent;
        try {
            sent = publisher.send(destination.exchange(), destination.routingKey(), reply);
        } catch (RuntimeException e) {
            throw failed(listenerId, destination, e);
        }
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(listenerId, destination, e.getCause());
        } catch (TimeoutException e) {
            throw failed(listenerId, destination, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(listenerId, destination, e);
        }
    }

    private Message toMessage(Object result, String correlationId) {
        if (result instanceof Message message) {
            if (correlationId == null || message.properties().correlationId() != null) {
                return message;
            }
            return message.withProperties(message.properties().toBuilder()
                    .correlationId(correlationId)
                    .build());
        }
        BasicProperties properties = correlationId == null
                ? null
                : BasicProperties.builder().correlationId(correlationId).build();
        return converter.toMessage(result, properties);
    }

    private static ListenerReplyException failed(String listenerId, ReplyDestination destination, Throwable cause) {
        return new ListenerReplyException(
                "Listener '" + listenerId + "' could not publish its reply to " + destination + ": " + cause, cause);
    }
}
