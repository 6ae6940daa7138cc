package dev.pika.benchmarks.driver.pikablocking;

import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import java.util.function.BooleanSupplier;

/**
 * A producer's loop on a {@code BlockingChannel}, on the benchmark's producer thread: Pika's procedural publisher.
 *
 * <p>Without confirms every {@code basicPublish} hands the message to the connection's I/O thread and returns. With
 * confirms the blocking API has only Pika's compatible form: after {@code confirmDelivery()} each {@code basicPublish}
 * returns once the broker confirmed that message, and throws {@link NackException} when the broker nacked it or
 * {@link UnroutableException} when it returned a mandatory message (and then acked it). So at most one message is
 * unconfirmed, whatever the plan's window; the loop numbers the messages itself (1, 2, 3... as the channel's
 * confirms do) and settles each one as soon as its publish call returns.
 *
 * <p>A pre-fill ({@link PublishPlan#prefill()}) with confirms is not measured, and one round trip per message would
 * make it take minutes: it runs in a transaction instead ({@code txSelect()} once, then {@code txCommit()} after every
 * window's worth of messages and at the end); a commit settles the messages it covers as confirmed.
 *
 * <p>When messages are mandatory, returns are queued for the application thread: the loop dispatches them every
 * {@value #DISPATCH_EVERY} messages and at the end ({@code processDataEvents(Duration.ZERO)}), so that they are
 * counted and do not pile up.
 *
 * <p>Not thread-safe: one producer thread.
 */
final class BlockingPublishLoop {

    /** Messages between two dispatches of queued returns. */
    static final int DISPATCH_EVERY = 256;

    /** How messages are confirmed. */
    enum Confirms {
        /** Not at all: publish and go on. */
        NONE,
        /** Each publish call returns once the broker confirmed its message (the channel is in confirm mode). */
        EACH,
        /** The channel is transactional: a commit confirms every message published since the last one. */
        TRANSACTION
    }

    /** The channel's calls. */
    interface Target {

        /**
         * Publishes one body; in confirm mode returns once the broker confirmed it.
         *
         * @param body the body
         */
        void publish(byte[] body);

        /** Commits the transaction ({@link Confirms#TRANSACTION} only). */
        default void commit() {
            throw new UnsupportedOperationException("not a transactional channel");
        }
    }

    private final PublishPlan plan;
    private final Confirms mode;
    private final Target target;
    private final Runnable dispatchEvents;
    private final BooleanSupplier closing;

    /**
     * @param plan what to publish
     * @param mode how messages are confirmed: {@link #confirmsFor(PublishPlan)}
     * @param target the channel's calls
     * @param dispatchEvents dispatches queued events (returns) on this thread; {@code null} when nothing is expected
     * @param closing true once the connection is being closed by another thread: no more dispatching then
     */
    BlockingPublishLoop(
            PublishPlan plan, Confirms mode, Target target, Runnable dispatchEvents, BooleanSupplier closing) {
        this.plan = plan;
        this.mode = mode;
        this.target = target;
        this.dispatchEvents = dispatchEvents;
        this.closing = closing;
    }

    /**
     * How a plan's messages are confirmed on a blocking channel.
     *
     * @param plan the plan
     * @return {@link Confirms#NONE} without confirms, {@link Confirms#TRANSACTION} for a pre-fill with confirms,
     *     {@link Confirms#EACH} otherwise
     */
    static Confirms confirmsFor(PublishPlan plan) {
        if (!plan.confirmsEnabled()) {
            return Confirms.NONE;
        }
        return plan.prefill() ? Confirms.TRANSACTION : Confirms.EACH;
    }

    /** Publishes until the plan says stop, then waits for the last confirms and dispatches the last returns. */
    void run() {
        long sequence = 0;
        long committed = 0;
        int batch = plan.confirmsEnabled() ? plan.confirms().window() : 0;
        int sinceDispatch = 0;
        while (plan.awaitNextPublish()) {
            byte[] body = plan.nextBody();
            switch (mode) {
                case NONE -> {
                    target.publish(body);
                    plan.afterPublish();
                }
                case EACH -> {
                    plan.beforePublish(++sequence);
                    boolean acked = publishConfirmed(body);
                    plan.afterPublish();
                    plan.onConfirm(sequence, false, acked);
                }
                case TRANSACTION -> {
                    plan.beforePublish(++sequence);
                    target.publish(body);
                    plan.afterPublish();
                    if (sequence - committed >= batch) {
                        committed = commit(sequence);
                    }
                }
            }
            if (dispatchEvents != null && ++sinceDispatch >= DISPATCH_EVERY) {
                sinceDispatch = 0;
                dispatch();
            }
        }
        if (mode == Confirms.TRANSACTION && sequence > committed) {
            commit(sequence);
        }
        plan.awaitSettled();
        if (dispatchEvents != null) {
            dispatch();
        }
    }

    private long commit(long sequence) {
        target.commit();
        plan.onConfirm(sequence, true, true);
        return sequence;
    }

    /** Returns whether the broker acked (a returned mandatory message is acked too) or nacked the message. */
    private boolean publishConfirmed(byte[] body) {
        try {
            target.publish(body);
            return true;
        } catch (NackException e) {
            return false;
        } catch (UnroutableException e) {
            plan.onReturn();
            return true;
        }
    }

    private void dispatch() {
        if (!closing.getAsBoolean()) {
            dispatchEvents.run();
        }
    }
}
