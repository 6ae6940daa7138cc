package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.io.DiscardableCallback;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One confirm-mode publish of a {@link BlockingChannel} on its way to the I/O thread, and the settling of its
 * future: the task the loop runs (it publishes through the engine's confirm tracker and counts the publish in the
 * channel's {@link OutstandingConfirms}), the engine's confirmation listener (it completes the caller's future and
 * counts the publish down), and what happens when the loop drops it unrun (the future fails with the connection's
 * termination reason). One object per publish serves all three roles.
 *
 * <p>The future is completed on the I/O thread (or, for a dropped publish, on the thread that releases the loop):
 * its non-async dependent stages run there.
 *
 * <p>Threading: created on the publishing thread; {@link #run()} and {@link #accept} on the I/O thread; {@link
 * #discarded()} as {@link DiscardableCallback} says. The fields are final, but the epoch, written by {@link #run()}
 * and read by {@link #accept} on the I/O thread.
 */
final class ConfirmedPublish implements DiscardableCallback, BiConsumer<Void, Throwable> {

    private final ChannelPublisher publisher;
    private final Channel impl;
    private final String exchange;
    private final String routingKey;
    private final byte[] body;
    private final BasicProperties properties;
    private final boolean mandatory;
    private final boolean pipelined;
    private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
    /** What {@link OutstandingConfirms#published} gave it: the I/O thread. */
    private long epoch;

    /**
     * @param publisher the channel's publishing path: its gate, its outstanding confirms, its connection
     * @param impl the engine's channel
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param body the body, not copied here
     * @param properties the properties, or {@code null}
     * @param mandatory the mandatory flag
     * @param pipelined whether the caller does not wait ({@code basicPublishConfirmed}): a failure is then also kept
     *     for {@code waitForConfirms}; a waiting {@code basicPublish} gets its failure itself
     */
    ConfirmedPublish(
            ChannelPublisher publisher,
            Channel impl,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory,
            boolean pipelined) {
        this.publisher = publisher;
        this.impl = impl;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.body = body;
        this.properties = properties;
        this.mandatory = mandatory;
        this.pipelined = pipelined;
    }

    /**
     * The body's size, the publish's weight in the back-pressure gate.
     *
     * @return the size in bytes
     */
    int bodyLength() {
        return body.length;
    }

    /**
     * The future this publish settles.
     *
     * @return the caller's future
     */
    CompletableFuture<Void> future() {
        return confirmed;
    }

    /** The I/O thread: publishes through the engine, which settles the confirmation in {@link #accept}. */
    @Override
    public void run() {
        CompletableFuture<Void> confirmation;
        try {
            confirmation = impl.basicPublishConfirmed(exchange, routingKey, body, properties, mandatory);
        } catch (RuntimeException | Error e) {
            fail(e); // not open, not in confirm mode, a header that cannot be encoded, the buffer limit...
            if (e instanceof Error error) {
                throw error;
            }
            return;
        } finally {
            publisher.leftQueue(body.length);
        }
        epoch = publisher.outstanding().published();
        confirmation.whenComplete(this);
    }

    /** The I/O thread: the broker settled the publish, or the channel closed first. */
    @Override
    public void accept(Void ignored, Throwable error) {
        // The future first: a waitForConfirms that the count-down releases finds it settled (and its failure kept).
        if (error == null) {
            confirmed.complete(null);
        } else {
            fail(error);
        }
        publisher.outstanding().settled(epoch);
    }

    /** The loop closed before it ran the publish: nothing was sent. */
    @Override
    public void discarded() {
        publisher.withdrawn(body.length);
        AmqpConnectionException reason = publisher.terminatedReason();
        fail(
                reason != null
                        ? reason
                        : new ConnectionWrongStateException(
                                "The connection's I/O loop closed before the publish to exchange '" + exchange
                                        + "' could be sent"));
    }

    private void fail(Throwable error) {
        if (pipelined) {
            publisher.outstanding().failed(error);
        }
        confirmed.completeExceptionally(error);
    }

    @Override
    public String toString() {
        return "ConfirmedPublish[channel=" + impl.channelNumber() + ", exchange='" + exchange + "', routingKey='"
                + routingKey + "', " + body.length + " bytes]";
    }
}
