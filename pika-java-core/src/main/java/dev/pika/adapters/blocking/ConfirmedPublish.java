package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.io.DiscardableCallback;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One confirm-mode publish of a {@link BlockingChannel} on its way to the I/O thread, and its future: the task the
 * loop runs (it publishes through the engine's confirm tracker and counts the publish in the channel's {@link
 * OutstandingConfirms}), the engine's confirmation listener (it settles this future and counts the publish down), what
 * happens when the loop drops it unrun (this future fails with the connection's termination reason), and the future
 * itself, which {@code basicPublishConfirmed} returns. One object per publish serves all four roles.
 *
 * <p>A pipelined publish owns its body: a copy in an array, or for a large body a direct buffer from the connection's
 * {@link BodyCopies}, which the transport sends in place and which goes back for reuse once the broker acked the
 * message. A waiting publish references the caller's array, which is never reused.
 *
 * <p>The future is completed on the I/O thread (or, for a dropped publish, on the thread that releases the loop):
 * its non-async dependent stages run there. Completing or cancelling it from outside does not withdraw the message.
 *
 * <p>Threading: created on the publishing thread; {@link #run()} and {@link #accept} on the I/O thread; {@link
 * #discarded()} as {@link DiscardableCallback} says; the {@link CompletableFuture} methods from any thread. The fields
 * are final, but the epoch, written by {@link #run()} and read by {@link #accept} on the I/O thread.
 */
final class ConfirmedPublish extends CompletableFuture<Void>
        implements DiscardableCallback, BiConsumer<Void, Throwable> {

    private final ChannelPublisher publisher;
    private final Channel impl;
    private final String exchange;
    private final String routingKey;
    /** The body as an array, or {@code null}: then {@link #buffer}. */
    private final byte[] body;
    /** A large pipelined body's direct copy, or {@code null}: then {@link #body}. */
    private final ByteBuffer buffer;

    private final BasicProperties properties;
    private final boolean mandatory;
    private final boolean pipelined;
    /** What {@link OutstandingConfirms#published} gave it: the I/O thread. */
    private long epoch;

    /**
     * @param publisher the channel's publishing path: its gate, its outstanding confirms, its connection
     * @param impl the engine's channel
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param body the body, not copied here: a copy the publish owns when {@code pipelined}, else the caller's array
     * @param properties the properties, or {@code null}
     * @param mandatory the mandatory flag
     * @param pipelined whether the caller does not wait ({@code basicPublishConfirmed}): a failure is then also kept
     *     for {@code waitForConfirms} (a waiting {@code basicPublish} gets its failure itself), and the body is a copy
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
        this(publisher, impl, exchange, routingKey, body, null, properties, mandatory, pipelined);
    }

    /**
     * A pipelined publish of a large body, not mandatory, whose copy is in a direct buffer of the connection's {@link
     * BodyCopies}.
     *
     * @param publisher the channel's publishing path
     * @param impl the engine's channel
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param buffer the body's copy, from position 0 to its limit; the transport may send it in place
     * @param properties the properties, or {@code null}
     */
    ConfirmedPublish(
            ChannelPublisher publisher,
            Channel impl,
            String exchange,
            String routingKey,
            ByteBuffer buffer,
            BasicProperties properties) {
        this(publisher, impl, exchange, routingKey, null, buffer, properties, false, true);
    }

    private ConfirmedPublish(
            ChannelPublisher publisher,
            Channel impl,
            String exchange,
            String routingKey,
            byte[] body,
            ByteBuffer buffer,
            BasicProperties properties,
            boolean mandatory,
            boolean pipelined) {
        this.publisher = publisher;
        this.impl = impl;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.body = body;
        this.buffer = buffer;
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
        return body != null ? body.length : buffer.remaining();
    }

    /** The I/O thread: publishes through the engine, which settles the confirmation in {@link #accept}. */
    @Override
    public void run() {
        CompletableFuture<Void> confirmation;
        try {
            confirmation = buffer != null
                    ? impl.basicPublishConfirmed(exchange, routingKey, buffer, properties, false)
                    : impl.basicPublishConfirmed(exchange, routingKey, body, properties, mandatory);
        } catch (RuntimeException | Error e) {
            fail(e); // not open, not in confirm mode, a header that cannot be encoded, the buffer limit...
            if (e instanceof Error error) {
                throw error;
            }
            return;
        } finally {
            publisher.leftQueue(bodyLength());
        }
        epoch = publisher.outstanding().published();
        confirmation.whenComplete(this);
    }

    /** The I/O thread: the broker settled the publish, or the channel closed first. */
    @Override
    public void accept(Void ignored, Throwable error) {
        // The future first: a waitForConfirms that the count-down releases finds it settled (and its failure kept).
        if (error == null) {
            complete(null);
        } else {
            fail(error);
        }
        publisher.outstanding().settled(epoch);
        if (error == null && buffer != null) {
            // Acked, so the broker had the whole message: the transport no longer sends from the buffer, and the
            // engine no longer keeps it for a NackException.
            publisher.acked(buffer);
        }
    }

    /** The loop closed before it ran the publish: nothing was sent. */
    @Override
    public void discarded() {
        publisher.withdrawn(bodyLength());
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
        completeExceptionally(error);
    }

    @Override
    public String toString() {
        return "ConfirmedPublish[channel=" + impl.channelNumber() + ", exchange='" + exchange + "', routingKey='"
                + routingKey + "', " + bodyLength() + " bytes] " + super.toString();
    }
}
