package dev.pika.adapters.blocking;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The messages of a queue as {@link BlockingChannel#consume} yields them: Pika's consume generator as a Java {@link
 * Iterable} (and {@link #stream()}).
 *
 * <pre>{@code
 * for (Delivery delivery : channel.consume("orders", Duration.ofSeconds(1))) {
 *     if (delivery.isEmpty()) {
 *         continue;                     // a second without messages: do housekeeping
 *     }
 *     handle(delivery.body());
 *     channel.basicAck(delivery.deliveryTag());
 * }
 * }</pre>
 *
 * <p>Iterating waits for the next message and, while it waits, dispatches the connection's other events (other
 * consumers' callbacks, timers, {@code addCallbackThreadsafe} callbacks) as {@code processDataEvents} does. Without an
 * inactivity timeout {@code hasNext()} blocks until a message arrives; with one it yields {@link Delivery#empty()} after
 * that long without messages. The iteration ends when the consumer is cancelled ({@link #cancel()}, {@link
 * BlockingChannel#cancel()}, or by the broker), or when the calling thread is interrupted (the interrupt status stays
 * set and the consumer stays: cancel it). It throws {@link dev.pika.exceptions.ChannelClosedByBrokerException} when the
 * broker closes the channel and the connection's failure when the connection is lost. Every iterator of this iterable
 * (and of any other {@code consume} call with the same queue and flags) reads the same consumer.
 *
 * <p>Threading: like the channel's blocking methods, iterate on the connection's application thread (one thread at a
 * time; see {@link BlockingConnection}). The iterable itself is immutable.
 */
public final class ConsumeIterable implements Iterable<Delivery> {

    private final BlockingChannel channel;
    private final GeneratorState state;
    private final Duration inactivityTimeout;

    ConsumeIterable(BlockingChannel channel, GeneratorState state, Duration inactivityTimeout) {
        this.channel = channel;
        this.state = state;
        this.inactivityTimeout = inactivityTimeout;
    }

    /**
     * The consumer tag of the iterator's consumer.
     *
     * @return the tag
     */
    public String consumerTag() {
        return state.consumerTag;
    }

    /**
     * Cancels the consumer and requeues the messages that arrived and were not iterated: {@link
     * BlockingChannel#cancel()}.
     *
     * @return how many messages were requeued
     */
    public int cancel() {
        return channel.cancel();
    }

    /**
     * An iterator over the consumer's messages.
     *
     * @return a new iterator; {@code remove()} is not supported
     */
    @Override
    public Iterator<Delivery> iterator() {
        return new Iterator<>() {
            private Delivery next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                next = channel.nextDelivery(state, inactivityTimeout);
                if (next == null) {
                    ended = true;
                    return false;
                }
                return true;
            }

            @Override
            public Delivery next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the consumer " + state.consumerTag + " was cancelled");
                }
                Delivery result = next;
                next = null;
                return result;
            }
        };
    }

    /**
     * The consumer's messages as a sequential, ordered stream; it ends when the consumer is cancelled.
     *
     * @return a new stream
     */
    public Stream<Delivery> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public String toString() {
        return "ConsumeIterable[consumerTag=" + state.consumerTag + ", queue=" + state.queue + ", inactivityTimeout="
                + inactivityTimeout + "]";
    }
}
