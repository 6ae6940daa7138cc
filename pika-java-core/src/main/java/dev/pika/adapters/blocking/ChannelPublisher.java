package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.internal.EngineLogger;
import dev.pika.spec.Basic;
import java.util.concurrent.CompletableFuture;

/**
 * The publishing path of a {@link BlockingChannel}, safe from any thread. Without confirms the body is copied on the
 * caller's thread (so the caller may reuse its array as soon as {@code basicPublish} returns); in confirm mode it is
 * not, since the caller waits until its message was written and confirmed (one body copy fewer: the encoder's copy
 * into the outbound buffer is the only one). The publish passes the connection's
 * {@link PublishGate} (back-pressure) and goes to the I/O thread through the loop's lock-free queue, in order with the
 * caller's other operations. Without publisher confirms nothing waits for the I/O thread: no round trip per publish.
 * In confirm mode the caller waits for the broker's {@code Basic.Ack} of its own message (Pika's compatible form) and
 * gets {@link dev.pika.exceptions.NackException} or {@link dev.pika.exceptions.UnroutableException} instead.
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
    private final SelectConnection connection;
    private volatile RuntimeException deferredFailure;

    ChannelPublisher(LoopBridge bridge, PublishGate gate, SelectConnection connection) {
        this.bridge = bridge;
        this.gate = gate;
        this.connection = connection;
    }

    void publish(
            Channel impl,
            boolean confirmMode,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory) {
        if (exchange.length() > SHORT_STRING_SAFE_CHARS || routingKey.length() > SHORT_STRING_SAFE_CHARS) {
            new Basic.Publish(0, exchange, routingKey, mandatory, false); // throws ShortStringTooLongException
        }
        RuntimeException failure = deferredFailure;
        if (failure != null) {
            deferredFailure = null;
            throw failure;
        }
        if (confirmMode) {
            // No copy: the caller waits until the broker confirmed the message, so the I/O thread has encoded the
            // body (the encoder copies it into the outbound buffer) before the caller may touch its array again; a
            // connection failure ends the wait only once the I/O thread has stopped running tasks.
            publishConfirmed(impl, exchange, routingKey, body, properties, mandatory);
            return;
        }
        byte[] copy = body.clone();
        gate.acquire(copy.length);
        try {
            bridge.execute(() -> publishOnLoop(impl, exchange, routingKey, copy, properties, mandatory));
        } catch (RuntimeException e) {
            gate.withdrawn(copy.length);
            throw e;
        }
    }

    /** The I/O thread. */
    private void publishOnLoop(
            Channel impl,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory) {
        try {
            if (impl.isOpen()) {
                impl.basicPublish(exchange, routingKey, body, properties, mandatory);
            } else {
                LOG.debug(
                        "Channel {} closed before its publish to exchange '{}' could be sent; dropped",
                        impl.channelNumber(),
                        exchange);
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
            gate.released(body.length, connection.isWritable());
        }
    }

    private void publishConfirmed(
            Channel impl,
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        gate.acquire(body.length);
        try {
            bridge.submit(confirmed, () -> {
                try {
                    impl.basicPublishConfirmed(exchange, routingKey, body, properties, mandatory)
                            .whenComplete((ok, error) -> {
                                if (error != null) {
                                    confirmed.completeExceptionally(error);
                                } else {
                                    confirmed.complete(null);
                                }
                            });
                } finally {
                    gate.released(body.length, connection.isWritable());
                }
            });
        } catch (RuntimeException e) {
            gate.withdrawn(body.length);
            throw e;
        }
        bridge.await(confirmed);
    }
}
