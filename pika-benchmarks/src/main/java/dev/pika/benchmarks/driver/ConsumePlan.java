package dev.pika.benchmarks.driver;

import dev.pika.benchmarks.stats.RunCounters;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What one consumer subscribes to and how it acknowledges: queue, prefetch, auto-ack or manual acks (one per
 * message, or {@code multiple} every N), optionally handed to worker threads, and a message limit.
 *
 * <p>The driver subscribes with {@link #queue()}, {@link #autoAck()} and {@link #prefetch()}, and passes every
 * delivery to {@link #delivered(byte[], long, Acker)}; the plan records the latency and calls the {@link Acker} as the
 * policy says, on the calling thread or on a worker thread.
 *
 * <p>{@link #delivered(byte[], long, Acker)} must be called by one thread at a time for a consumer (clients dispatch
 * a channel's deliveries in order); the rest is immutable.
 */
public final class ConsumePlan {

    private final String queue;
    private final boolean autoAck;
    private final int prefetch;
    private final int multipleAckEvery;
    private final Executor ackWorkers;
    private final int ackWorkerThreads;
    private final long messageLimit;
    private final Runnable onLimitReached;
    private final RunCounters counters;
    private final Consumer<Throwable> failureHandler;
    private final AtomicLong received = new AtomicLong();
    private int unacked;

    private ConsumePlan(Builder builder) {
        this.queue = Objects.requireNonNull(builder.queue, "queue must be set");
        this.counters = Objects.requireNonNull(builder.counters, "counters must be set");
        if (builder.autoAck && (builder.multipleAckEvery > 1 || builder.ackWorkers != null)) {
            throw new IllegalArgumentException(
                    "with autoAck there is nothing to ack: " + "leave multipleAckEvery at 0 and ackWorkers unset");
        }
        if (builder.ackWorkers != null && builder.multipleAckEvery > 1) {
            throw new IllegalArgumentException("acks from worker threads are one per message "
                    + "(a 'multiple' ack from one worker would ack messages others still hold): "
                    + "set multipleAckEvery to 0 or drop ackWorkers");
        }
        this.autoAck = builder.autoAck;
        this.prefetch = builder.prefetch;
        this.multipleAckEvery = builder.multipleAckEvery;
        this.ackWorkers = builder.ackWorkers;
        this.ackWorkerThreads = builder.ackWorkers == null ? 0 : builder.ackWorkerThreads;
        this.messageLimit = builder.messageLimit;
        this.onLimitReached = builder.onLimitReached;
        this.failureHandler = builder.failureHandler;
    }

    /**
     * Starts a plan.
     *
     * @return a builder for manual per-message acks, no prefetch limit, no message limit
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The queue.
     *
     * @return the queue to consume from
     */
    public String queue() {
        return queue;
    }

    /**
     * Whether the broker considers messages acknowledged on delivery.
     *
     * @return true for {@code no-ack} consumption
     */
    public boolean autoAck() {
        return autoAck;
    }

    /**
     * The prefetch count.
     *
     * @return unacknowledged deliveries allowed per consumer ({@code basic.qos}); 0 for no limit
     */
    public int prefetch() {
        return prefetch;
    }

    /**
     * Acks with {@code multiple} every N deliveries.
     *
     * @return N; 0 or 1 for one ack per message
     */
    public int multipleAckEvery() {
        return multipleAckEvery;
    }

    /**
     * Whether acks are handed to worker threads.
     *
     * @return true when {@link #delivered(byte[], long, Acker)} hands each message to a worker that acks it
     */
    public boolean acksFromWorkers() {
        return ackWorkers != null;
    }

    /**
     * How many threads the ack workers have, for a driver whose own worker threads ack (pika-listener runs its
     * container with that many workers instead of using {@link #delivered(byte[], long, Acker)}'s hand-off).
     *
     * @return the threads of the ack workers; 0 when there are none or their number was not given
     */
    public int ackWorkerThreads() {
        return ackWorkerThreads;
    }

    /**
     * Records a delivery and acknowledges it on the calling thread, which is the driver's own worker thread
     * (never the ack workers' hand-off): for a driver that runs deliveries on its own {@link #ackWorkerThreads()}
     * workers. One ack per message, as with the ack workers.
     *
     * @param body the message body
     * @param deliveryTag its delivery tag
     * @param acker acks on this consumer's channel
     */
    public void deliveredOnDriverWorker(byte[] body, long deliveryTag, Acker acker) {
        record(body);
        if (!autoAck) {
            ack(acker, deliveryTag, false);
        }
    }

    /**
     * Records a delivery and acknowledges it as the policy says.
     *
     * @param body the message body
     * @param deliveryTag its delivery tag
     * @param acker acks on this consumer's channel
     */
    public void delivered(byte[] body, long deliveryTag, Acker acker) {
        if (ackWorkers != null) {
            ackWorkers.execute(() -> {
                record(body);
                ack(acker, deliveryTag, false);
            });
            return;
        }
        record(body);
        if (autoAck) {
            return;
        }
        if (multipleAckEvery <= 1) {
            ack(acker, deliveryTag, false);
        } else if (++unacked >= multipleAckEvery) {
            unacked = 0;
            ack(acker, deliveryTag, true);
        }
    }

    private void ack(Acker acker, long deliveryTag, boolean multiple) {
        try {
            acker.ack(deliveryTag, multiple);
        } catch (RuntimeException e) {
            failureHandler.accept(e);
        }
    }

    /**
     * The messages this consumer received so far.
     *
     * @return the count
     */
    public long received() {
        return received.get();
    }

    private void record(byte[] body) {
        long stamp = MessageBodies.timestampNanos(body);
        counters.received(stamp == 0 ? -1 : System.nanoTime() - stamp);
        long count = received.incrementAndGet();
        if (count == messageLimit) {
            onLimitReached.run();
        }
    }

    /**
     * Builds a {@link ConsumePlan}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {

        private String queue;
        private boolean autoAck;
        private int prefetch;
        private int multipleAckEvery;
        private Executor ackWorkers;
        private int ackWorkerThreads;
        private long messageLimit;
        private Runnable onLimitReached = () -> {};
        private RunCounters counters;
        private Consumer<Throwable> failureHandler = error -> {};

        private Builder() {}

        /**
         * The queue.
         *
         * @param queue the queue to consume from
         * @return this builder
         */
        public Builder queue(String queue) {
            this.queue = Objects.requireNonNull(queue, "queue must not be null");
            return this;
        }

        /**
         * Auto-ack ({@code no-ack}) consumption.
         *
         * @param autoAck whether the broker considers messages acknowledged on delivery
         * @return this builder
         */
        public Builder autoAck(boolean autoAck) {
            this.autoAck = autoAck;
            return this;
        }

        /**
         * The prefetch count.
         *
         * @param prefetch unacknowledged deliveries per consumer, 0 to 65535; 0 for no limit
         * @return this builder
         */
        public Builder prefetch(int prefetch) {
            if (prefetch < 0 || prefetch > 65_535) {
                throw new IllegalArgumentException(
                        "prefetch must be between 0 (no limit) and 65535 (an AMQP short), got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Acks with {@code multiple} every N deliveries.
         *
         * @param multipleAckEvery N; 0 or 1 for one ack per message
         * @return this builder
         */
        public Builder multipleAckEvery(int multipleAckEvery) {
            if (multipleAckEvery < 0) {
                throw new IllegalArgumentException(
                        "multipleAckEvery must be 0 (ack each message) or positive, got " + multipleAckEvery);
            }
            this.multipleAckEvery = multipleAckEvery;
            return this;
        }

        /**
         * Hands each delivery to a worker thread, which records it and acks it.
         *
         * @param ackWorkers the workers; {@code null} to ack on the client's delivery thread
         * @return this builder
         */
        public Builder ackWorkers(Executor ackWorkers) {
            this.ackWorkers = ackWorkers;
            return this;
        }

        /**
         * How many threads the ack workers have (PerfTest's {@code --ack-threads}); only read with
         * {@link #ackWorkers(Executor)}.
         *
         * @param ackWorkerThreads the threads, at least 0
         * @return this builder
         */
        public Builder ackWorkerThreads(int ackWorkerThreads) {
            if (ackWorkerThreads < 0) {
                throw new IllegalArgumentException("ackWorkerThreads must be 0 or positive, got " + ackWorkerThreads);
            }
            this.ackWorkerThreads = ackWorkerThreads;
            return this;
        }

        /**
         * A message limit.
         *
         * @param messageLimit deliveries after which {@code onLimitReached} runs once; 0 for none
         * @param onLimitReached what to run (on the thread that recorded the last message)
         * @return this builder
         */
        public Builder messageLimit(long messageLimit, Runnable onLimitReached) {
            if (messageLimit < 0) {
                throw new IllegalArgumentException("messageLimit must be 0 (none) or positive, got " + messageLimit);
            }
            this.messageLimit = messageLimit;
            this.onLimitReached = Objects.requireNonNull(onLimitReached, "onLimitReached must not be null");
            return this;
        }

        /**
         * Where deliveries and latencies are counted.
         *
         * @param counters the run's counters
         * @return this builder
         */
        public Builder counters(RunCounters counters) {
            this.counters = Objects.requireNonNull(counters, "counters must not be null");
            return this;
        }

        /**
         * Where failed acks are reported (the run ends with the error instead of measuring a stalled consumer).
         *
         * @param failureHandler receives the driver's exception, on the thread that acked
         * @return this builder
         */
        public Builder failureHandler(Consumer<Throwable> failureHandler) {
            this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler must not be null");
            return this;
        }

        /**
         * Builds the plan.
         *
         * @return the plan
         * @throws IllegalArgumentException for an ack policy that cannot work (see the messages)
         */
        public ConsumePlan build() {
            return new ConsumePlan(this);
        }
    }
}
