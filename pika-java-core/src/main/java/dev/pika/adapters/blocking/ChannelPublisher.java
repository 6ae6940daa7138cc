package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.internal.EngineLogger;
import dev.pika.spec.Basic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The publishing path of a {@link BlockingChannel}, safe from any thread. Without confirms the body is copied on the
 * caller's thread (so the caller may reuse its array as soon as {@code basicPublish} returns): into a new array, or a
 * large body into a direct buffer of the connection's {@link BodyCopies}, reused once the I/O thread encoded it. In
 * Pika's waiting confirm mode it is not copied, since the caller waits until its message was written and confirmed
 * (the encoder's copy into the outbound buffer is the only one). The publish passes the connection's
 * {@link PublishGate} (back-pressure) and goes to the I/O thread through the loop's lock-free queue, in order with the
 * caller's other operations. Without publisher confirms nothing waits for the I/O thread: no round trip per publish.
 * In confirm mode the caller waits for the broker's {@code Basic.Ack} of its own message (Pika's compatible form) and
 * gets {@link dev.pika.exceptions.NackException} or {@link dev.pika.exceptions.UnroutableException} instead; the
 * pipelined form ({@link #publishPipelined}) copies the body and returns the message's future at once: a large body's
 * direct copy is sent from where it is (the transport references it, no second copy) and reused once the broker acked
 * the message. Both confirm
 * forms travel as a {@link ConfirmedPublish}, through the engine's confirm tracker, counted in the channel's {@link
 * OutstandingConfirms}; a publish the loop never runs (the connection ended first) fails its future.
 *
 * <p>A publish that fails on the I/O thread without confirms (a header value without an AMQP field type, a header
 * frame larger than {@code frame_max}) cannot be reported to a caller that has already returned: it is logged and
 * thrown by the channel's next {@code basicPublish}.
 *
 * <p>Thread-safe.
 */
final class ChannelPublisher {

    private static final EngineLogger LOG = EngineLogger.get(BlockingChannel.class);
    /** Strings this short are at most 255 UTF-8 bytes: only longer ones need the exact check. */
    private static final int SHORT_STRING_SAFE_CHARS = 255 / 3;

    private final LoopBridge bridge;
    private final PublishGate gate;
    private final BodyCopies copies;
    private final SelectConnection connection;
    private final OutstandingConfirms outstanding = new OutstandingConfirms();
    private volatile RuntimeException deferredFailure;

    ChannelPublisher(LoopBridge bridge, PublishGate gate, BodyCopies copies, SelectConnection connection) {
        this.bridge = bridge;
        this.gate = gate;
        this.copies = copies;
        this.connection = connection;
    }

    /**
     * The bookkeeping of the channel's confirm-mode publishes, for {@code waitForConfirms}.
     *
     * @return the channel's outstanding confirms
     */
    OutstandingConfirms outstanding() {
        return outstanding;
    }

    void publish(
            Channel impl,
            boolean confirmMode,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory) {
        checkBeforePublish(exchange, routingKey, mandatory);
        if (confirmMode) {
            publishConfirmed(impl, exchange, routingKey, body, properties, mandatory);
            return;
        }
        int length = body.length;
        admit(length);
        try {
            if (BodyCopies.isLarge(length)) {
                ByteBuffer copy = copies.copyOf(body);
                bridge.execute(() -> publishOnLoop(impl, exchange, routingKey, null, copy, properties, mandatory));
            } else {
                byte[] copy = Arrays.copyOf(body, length);
                bridge.execute(() -> publishOnLoop(impl, exchange, routingKey, copy, null, properties, mandatory));
            }
        } catch (RuntimeException e) {
            gate.withdrawn(length);
            throw e;
        }
    }

    /**
     * Throws what can be told on the caller's thread: a name longer than a short string, or the failure of an
     * earlier fire-and-forget publish on the I/O thread.
     */
    private void checkBeforePublish(String exchange, String routingKey, boolean mandatory) {
        if (exchange.length() > SHORT_STRING_SAFE_CHARS || routingKey.length() > SHORT_STRING_SAFE_CHARS) {
            new Basic.Publish(0, exchange, routingKey, mandatory, false); // throws ShortStringTooLongException
        }
        RuntimeException failure = deferredFailure;
        if (failure != null) {
            deferredFailure = null;
            throw failure;
        }
    }

    /** The I/O thread: publishes the copy, {@code array} or (a large body) {@code buffer}. */
    private void publishOnLoop(
            Channel impl,
            String exchange,
            String routingKey,
            byte[] array,
            ByteBuffer buffer,
            BasicProperties properties,
            boolean mandatory) {
        try {
            if (!impl.isOpen()) {
                LOG.debug(
                        "Channel {} closed before its publish to exchange '{}' could be sent; dropped",
                        impl.channelNumber(),
                        exchange);
            } else if (buffer != null) {
                impl.basicPublish(exchange, routingKey, buffer, properties, mandatory);
            } else {
                impl.basicPublish(exchange, routingKey, array, properties, mandatory);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "Channel {}: the publish to exchange '{}' with routing key '{}' failed; the channel's next"
                            + " basicPublish throws: {}",
                    impl.channelNumber(),
                    exchange,
                    routingKey,
                    e.toString());
            deferredFailure = e;
        } finally {
            if (buffer != null) {
                gate.released(buffer.remaining(), connection.isWritable());
                copies.recycle(buffer); // encoded (the encoder copied it into the outbound buffer) or dropped
            } else {
                gate.released(array.length, connection.isWritable());
            }
        }
    }

    /**
     * A confirm-mode publish whose caller waits (Pika's form): the body is not copied, since the caller waits until
     * the broker confirmed the message, so the I/O thread has encoded the body (the encoder copies it into the
     * outbound buffer) before the caller may touch its array again; a connection failure ends the wait only once the
     * I/O thread stopped running tasks or, for a task it dropped, never reads the body.
     */
    private void publishConfirmed(
            Channel impl,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory) {
        bridge.checkNotIoThread(); // before anything is sent: the wait below could never end there
        ConfirmedPublish publish =
                new ConfirmedPublish(this, impl, exchange, routingKey, body, properties, mandatory, false);
        handOver(publish, true);
        bridge.await(publish);
    }

    /**
     * A pipelined confirm-mode publish: copies the body (a large one into a direct buffer, unless the message is
     * mandatory: its return is matched by content, which the engine compares with an array it keeps), passes the gate,
     * hands the message to the I/O thread and returns its future without waiting. Any thread.
     *
     * @return the message's confirmation, settled on the I/O thread
     */
    CompletableFuture<Void> publishPipelined(
            Channel impl,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory) {
        checkBeforePublish(exchange, routingKey, mandatory);
        ConfirmedPublish publish = BodyCopies.isLarge(body.length) && !mandatory
                ? new ConfirmedPublish(this, impl, exchange, routingKey, copies.copyOf(body), properties)
                : new ConfirmedPublish(
                        this,
                        impl,
                        exchange,
                        routingKey,
                        Arrays.copyOf(body, body.length),
                        properties,
                        mandatory,
                        true);
        handOver(publish, false);
        return publish;
    }

    /**
     * The broker acked a pipelined publish of a large body: its copy is free for reuse. The I/O thread.
     *
     * @param copy the body copy made by {@link #publishPipelined}
     */
    void acked(ByteBuffer copy) {
        copies.recycle(copy);
    }

    /**
     * A confirm-mode publish left the loop's queue (sent, or refused by the engine). The I/O thread.
     *
     * @param bytes its body size
     */
    void leftQueue(int bytes) {
        gate.released(bytes, connection.isWritable());
    }

    /**
     * A confirm-mode publish was dropped from the loop's queue unrun (the connection ended). The thread releasing
     * the loop.
     *
     * @param bytes its body size
     */
    void withdrawn(int bytes) {
        gate.withdrawn(bytes);
    }

    /**
     * Why the connection is gone.
     *
     * @return the reason, or {@code null} while the connection lives
     */
    AmqpConnectionException terminatedReason() {
        return bridge.terminatedReason();
    }

    /**
     * Passes the back-pressure gate: an application thread waits while the outbound side is full; the I/O thread
     * (a publish from a dependent stage of a confirmation future) never waits for itself.
     */
    private void admit(int bytes) {
        if (bridge.isIoThread()) {
            gate.admit(bytes);
        } else {
            gate.acquire(bytes);
        }
    }

    private void handOver(ConfirmedPublish publish, boolean callerWaits) {
        int bytes = publish.bodyLength();
        admit(bytes);
        try {
            bridge.handOver(publish, publish, callerWaits);
        } catch (RuntimeException e) {
            gate.withdrawn(bytes);
            throw e;
        }
    }
}
