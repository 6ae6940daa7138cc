package dev.pika.benchmarks.driver;

import dev.pika.benchmarks.stats.RunCounters;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What one producer publishes and how: the destination, body size, flags, confirm window, message limit and rate,
 * with the hooks a driver calls around each publish so that every client is measured the same way.
 *
 * <p>A driver's loop, in a blocking client:
 *
 * <pre>{@code
 * while (plan.awaitNextPublish()) {
 *     byte[] body = plan.nextBody();
 *     plan.beforePublish(channel.getNextPublishSeqNo());
 *     channel.basicPublish(plan.exchange(), plan.routingKey(), plan.mandatory(), properties, body);
 *     plan.afterPublish();
 * }
 * plan.awaitSettled();
 * }</pre>
 *
 * <p>Not thread-safe, except for {@link #onConfirm(long, boolean, boolean)} and {@link #onReturn()}, which the
 * client may call from its own thread while the producer publishes. One plan per producer.
 */
public final class PublishPlan {

    /** How long {@link #awaitSettled()} waits for the last confirms by default. */
    public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(10);

    /** Messages between two looks at the hold-back condition (a power of two). */
    static final int HOLD_BACK_CHECK_EVERY = 32;

    private static final long HOLD_BACK_PAUSE_NANOS = 1_000_000;

    private final String exchange;
    private final String routingKey;
    private final int bodySize;
    private final boolean persistent;
    private final boolean mandatory;
    private final long messageLimit;
    private final boolean timestamps;
    private final boolean prefill;
    private final Duration settleTimeout;
    private final BooleanSupplier stopRequested;
    private final BooleanSupplier holdBack;
    private final RunCounters counters;
    private final ConfirmTracker confirms;
    private final RatePacer pacer;
    private long published;
    private int sequence;

    private PublishPlan(Builder builder) {
        this.exchange = builder.exchange;
        this.routingKey = Objects.requireNonNull(builder.routingKey, "routingKey must be set (the queue name)");
        this.bodySize = builder.bodySize;
        this.persistent = builder.persistent;
        this.mandatory = builder.mandatory;
        this.messageLimit = builder.messageLimit;
        this.timestamps = builder.timestamps;
        this.prefill = builder.prefill;
        this.settleTimeout = builder.settleTimeout;
        this.stopRequested = builder.stopRequested;
        this.holdBack = builder.holdBack;
        this.counters = Objects.requireNonNull(builder.counters, "counters must be set");
        this.confirms = builder.confirmWindow > 0 ? new ConfirmTracker(builder.confirmWindow) : null;
        this.pacer = builder.ratePerSecond > 0 ? new RatePacer(builder.ratePerSecond) : null;
    }

    /**
     * Starts a plan.
     *
     * @return a builder with no confirms, no limit, no rate limit and timestamps on
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The exchange to publish to.
     *
     * @return the exchange name ({@code ""}, the default exchange, unless set)
     */
    public String exchange() {
        return exchange;
    }

    /**
     * The routing key.
     *
     * @return the routing key (the queue name, with the default exchange)
     */
    public String routingKey() {
        return routingKey;
    }

    /**
     * The body size.
     *
     * @return bytes per message (at least {@link MessageBodies#MIN_SIZE})
     */
    public int bodySize() {
        return Math.max(MessageBodies.MIN_SIZE, bodySize);
    }

    /**
     * Whether messages are persistent.
     *
     * @return true to publish with delivery mode 2
     */
    public boolean persistent() {
        return persistent;
    }

    /**
     * Whether messages are mandatory.
     *
     * @return true to set the mandatory flag (unroutable messages come back, see {@link #onReturn()})
     */
    public boolean mandatory() {
        return mandatory;
    }

    /**
     * Whether this is the unmeasured pre-fill of a queue that a drain scenario then consumes: every message must be
     * in the queue (confirmed) before the run starts, but how it got there is not measured, so a driver may use the
     * fastest safe way its client offers (the pika-blocking driver uses its pipelined confirms within the window,
     * as it does for every window above 1).
     *
     * @return true for a pre-fill
     */
    public boolean prefill() {
        return prefill;
    }

    /**
     * Whether publisher confirms are on.
     *
     * @return true when the driver must put the channel in confirm mode
     */
    public boolean confirmsEnabled() {
        return confirms != null;
    }

    /**
     * The confirm window, for drivers that pace themselves without blocking.
     *
     * @return the tracker, or {@code null} when confirms are off
     */
    public ConfirmTracker confirms() {
        return confirms;
    }

    /**
     * The rate pacer, for drivers that pace themselves without blocking.
     *
     * @return the pacer, or {@code null} when the rate is unlimited
     */
    public RatePacer pacer() {
        return pacer;
    }

    /**
     * Whether the producer should stop now: a stop was requested or the message limit is reached.
     *
     * @return true when no more message may be published
     */
    public boolean isFinished() {
        return stopRequested.getAsBoolean() || (messageLimit > 0 && published >= messageLimit);
    }

    /**
     * Waits until the next message may be published: not finished, due by the rate, room in the confirm window.
     *
     * @return true to publish one more message; false to stop
     */
    public boolean awaitNextPublish() {
        if (isFinished()) {
            return false;
        }
        if (holdBack != null && (published & (HOLD_BACK_CHECK_EVERY - 1)) == 0 && !awaitNotHeldBack()) {
            return false;
        }
        if (pacer != null && !pacer.awaitNext(stopRequested)) {
            return false;
        }
        return confirms == null || confirms.awaitSlot(stopRequested);
    }

    private boolean awaitNotHeldBack() {
        while (holdBack.getAsBoolean()) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(HOLD_BACK_PAUSE_NANOS);
        }
        return true;
    }

    /**
     * The next message's body, stamped with the time now. Call it right before the publish call.
     *
     * @return a new body the client may keep
     */
    public byte[] nextBody() {
        return MessageBodies.create(bodySize, timestamps ? System.nanoTime() : 0L, sequence++);
    }

    /**
     * Registers the message about to be published in the confirm window; does nothing when confirms are off.
     *
     * @param publishSequenceNumber the client's sequence number for it (the delivery tag its confirm will carry)
     */
    public void beforePublish(long publishSequenceNumber) {
        if (confirms != null) {
            confirms.published(publishSequenceNumber);
        }
    }

    /** Counts the message just handed to the client's publish call. */
    public void afterPublish() {
        published++;
        counters.sent();
    }

    /**
     * The broker confirmed (ack) or refused (nack) messages. Any thread.
     *
     * @param deliveryTag the confirm's delivery tag
     * @param multiple whether it covers every earlier message
     * @param ack true for basic.ack, false for basic.nack
     */
    public void onConfirm(long deliveryTag, boolean multiple, boolean ack) {
        if (confirms == null) {
            return;
        }
        if (ack) {
            confirms.settle(deliveryTag, multiple, counters::confirmed);
        } else {
            confirms.settle(deliveryTag, multiple, counters::nacked);
        }
    }

    /** The broker returned a mandatory message. Any thread. */
    public void onReturn() {
        counters.returned();
    }

    /**
     * Waits (at most the settle timeout) for every outstanding confirm; returns at once when confirms are off.
     *
     * @return true when nothing is outstanding
     */
    public boolean awaitSettled() {
        return confirms == null || confirms.awaitSettled(settleTimeout);
    }

    /**
     * The messages published so far by this producer.
     *
     * @return the count
     */
    public long published() {
        return published;
    }

    /**
     * Builds a {@link PublishPlan}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {

        private String exchange = "";
        private String routingKey;
        private int bodySize = MessageBodies.MIN_SIZE;
        private boolean persistent;
        private boolean mandatory;
        private int confirmWindow;
        private long messageLimit;
        private double ratePerSecond;
        private boolean timestamps = true;
        private boolean prefill;
        private Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;
        private BooleanSupplier stopRequested = () -> false;
        private BooleanSupplier holdBack;
        private RunCounters counters;

        private Builder() {}

        /**
         * The exchange.
         *
         * @param exchange the exchange name; {@code ""} is the default exchange
         * @return this builder
         */
        public Builder exchange(String exchange) {
            this.exchange = Objects.requireNonNull(exchange, "exchange must not be null (use \"\" for the default)");
            return this;
        }

        /**
         * The routing key.
         *
         * @param routingKey the routing key (the queue name with the default exchange)
         * @return this builder
         */
        public Builder routingKey(String routingKey) {
            this.routingKey = Objects.requireNonNull(routingKey, "routingKey must not be null");
            return this;
        }

        /**
         * The body size.
         *
         * @param bodySize bytes; values below {@link MessageBodies#MIN_SIZE} are raised to it
         * @return this builder
         */
        public Builder bodySize(int bodySize) {
            if (bodySize < 0) {
                throw new IllegalArgumentException("bodySize must not be negative, got " + bodySize);
            }
            this.bodySize = bodySize;
            return this;
        }

        /**
         * Persistent messages (delivery mode 2).
         *
         * @param persistent whether messages are persistent
         * @return this builder
         */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /**
         * Mandatory messages.
         *
         * @param mandatory whether messages are mandatory
         * @return this builder
         */
        public Builder mandatory(boolean mandatory) {
            this.mandatory = mandatory;
            return this;
        }

        /**
         * Publisher confirms with a window.
         *
         * @param confirmWindow the most unconfirmed messages at once; 0 turns confirms off
         * @return this builder
         */
        public Builder confirmWindow(int confirmWindow) {
            if (confirmWindow < 0) {
                throw new IllegalArgumentException(
                        "confirmWindow must be 0 (no confirms) or positive, got " + confirmWindow);
            }
            this.confirmWindow = confirmWindow;
            return this;
        }

        /**
         * A message limit.
         *
         * @param messageLimit messages to publish before stopping; 0 for no limit
         * @return this builder
         */
        public Builder messageLimit(long messageLimit) {
            if (messageLimit < 0) {
                throw new IllegalArgumentException("messageLimit must be 0 (none) or positive, got " + messageLimit);
            }
            this.messageLimit = messageLimit;
            return this;
        }

        /**
         * A fixed publish rate.
         *
         * @param ratePerSecond messages per second; 0 for as fast as possible
         * @return this builder
         */
        public Builder ratePerSecond(double ratePerSecond) {
            if (!(ratePerSecond >= 0.0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException(
                        "ratePerSecond must be 0 (unlimited) or a positive number, got " + ratePerSecond);
            }
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        /**
         * Whether bodies carry the publish time (off for pre-filling a queue: those latencies mean nothing).
         *
         * @param timestamps true to stamp bodies
         * @return this builder
         */
        public Builder timestamps(boolean timestamps) {
            this.timestamps = timestamps;
            return this;
        }

        /**
         * Marks the plan as the unmeasured pre-fill of a queue (see {@link PublishPlan#prefill()}).
         *
         * @param prefill true for a pre-fill
         * @return this builder
         */
        public Builder prefill(boolean prefill) {
            this.prefill = prefill;
            return this;
        }

        /**
         * How long to wait for the last confirms once publishing stops.
         *
         * @param settleTimeout the bound
         * @return this builder
         */
        public Builder settleTimeout(Duration settleTimeout) {
            if (settleTimeout == null || settleTimeout.isNegative()) {
                throw new IllegalArgumentException("settleTimeout must be zero or positive, got " + settleTimeout);
            }
            this.settleTimeout = settleTimeout;
            return this;
        }

        /**
         * Pauses the producer while a condition holds (checked every few messages, polled every millisecond while it
         * holds): {@code --max-backlog} holds producers back while consumers lag, so that a long saturation run does
         * not grow the queue.
         *
         * @param holdBack true while the producer must wait; {@code null} for never
         * @return this builder
         */
        public Builder holdBack(BooleanSupplier holdBack) {
            this.holdBack = holdBack;
            return this;
        }

        /**
         * The run's stop signal.
         *
         * @param stopRequested true once the run is over
         * @return this builder
         */
        public Builder stopRequested(BooleanSupplier stopRequested) {
            this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested must not be null");
            return this;
        }

        /**
         * Where sends, confirms and returns are counted.
         *
         * @param counters the run's counters
         * @return this builder
         */
        public Builder counters(RunCounters counters) {
            this.counters = Objects.requireNonNull(counters, "counters must not be null");
            return this;
        }

        /**
         * Builds the plan.
         *
         * @return the plan
         * @throws NullPointerException when the routing key or the counters are missing
         */
        public PublishPlan build() {
            return new PublishPlan(this);
        }
    }
}
