package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.spec.Basic;

/**
 * What the I/O thread (and {@code addCallbackThreadsafe} callers) hand to the application side of a {@link
 * BlockingConnection}: Pika's {@code _ChannelPendingEvt}s and connection events. The application thread routes them
 * ({@link Dispatcher#drain()}) and dispatches them only inside {@code processDataEvents}, {@code startConsuming} and
 * the consume iterator.
 *
 * <p>Immutable carriers; a message body array belongs to whoever dispatches it.
 */
sealed interface Event {

    /** A message for one of a channel's consumers ({@code Basic.Deliver}). */
    record Message(BlockingChannel channel, Basic.Deliver method, BasicProperties properties, byte[] body)
            implements Event {}

    /** A message the broker returned ({@code Basic.Return}), for the channel's on-return callbacks. */
    record Returned(BlockingChannel channel, Basic.Return method, BasicProperties properties, byte[] body)
            implements Event {}

    /** The broker cancelled one of the channel's consumers ({@code Basic.Cancel} from the broker). */
    record BrokerCancel(BlockingChannel channel, Basic.Cancel method) implements Event {}

    /** The channel closed, for whatever reason; routed at once (never queued for dispatch). */
    record ChannelClosed(BlockingChannel channel, AmqpException reason) implements Event {}

    /** The connection is gone; wakes the application thread, which then reports the reason. */
    record ConnectionClosed(AmqpConnectionException reason) implements Event {}

    /** Application code to run on the application thread: thread-safe callbacks, timers, blocked/unblocked. */
    record Callback(Runnable callback) implements Event {}
}
