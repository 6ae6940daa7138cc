package dev.pika.benchmarks.driver.pikablocking;

import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A producer's loop on a {@code BlockingChannel}, on the benchmark's producer thread: Pika's procedural publisher.
 *
 * <p>Without confirms every {@code basicPublish} hands the message to the connection's I/O thread and returns. With
 * confirms it depends on the plan's window:
 *
 * <ul>
 *   <li>a window of 1 keeps Pika's compatible form: after {@code confirmDelivery()} each {@code basicPublish} returns
 *       once the broker confirmed that message, and throws {@link NackException} when the broker nacked it or {@link
 *       UnroutableException} when it returned a mandatory message (and then acked it);
 *   <li>a larger window (the pre-fill's included) uses the pipelined form: {@code basicPublishConfirmed} returns the
 *       message's future at once; the plan's window ({@link PublishPlan#awaitNextPublish()}) bounds how many are
 *       unconfirmed, and each future settles its message in the plan when it completes (on the connection's I/O
 *       thread: an ack, a nack ({@link NackException}), a return then ack ({@link UnroutableException})). A future
 *       failed by anything else (the connection or channel closed) frees its slot and ends the loop with that
 *       failure.
 * </ul>
 *
 * <p>The loop numbers the messages itself (1, 2, 3... as the channel's confirms do) and settles them one at a time,
 * since each future is one message's confirmation.
 *
 * <p>When messages are mandatory, returns are queued for the application thread: the loop dispatches them every
 * {@value #DISPATCH_EVERY} messages and at the end ({@code processDataEvents(Duration.ZERO)}), so that they do not
 * pile up (without confirms, the return callback counts them there).
 *
 * <p>Not thread-safe: one producer thread (the futures' completions, on the I/O thread, only touch the plan's
 * thread-safe confirm hooks and an atomic failure slot).
 */
final class BlockingPublishLoop {

    /** Messages between two dispatches of queued returns. */
    static final int DISPATCH_EVERY = 256;

    /** How messages are confirmed. */
    enum Confirms {
        /** Not at all: publish and go on. */
        NONE,
        /** Each publish call returns once the broker confirmed its message (Pika's form, a window of 1). */
        EACH,
        /** Each publish returns its confirmation's future at once; the plan's window bounds the unconfirmed ones. */
        PIPELINED
    }

    /** The channel's calls. */
    interface Target {

        /**
         * Publishes one body; in confirm mode returns once the broker confirmed it.
         *
         * @param body the body
         */
        void publish(byte[] body);

        /**
         * Publishes one body in confirm mode without waiting ({@link Confirms#PIPELINED} only).
         *
         * @param body the body
         * @return the message's confirmation
         */
        default CompletableFuture<Void> publishConfirmed(byte[] body) {
            throw new UnsupportedOperationException("not a pipelined confirm-mode channel");
        }
    }

    private final PublishPlan plan;
    private final Confirms mode;
    private final Target target;
    private final Runnable dispatchEvents;
    private final BooleanSupplier closing;
    private final AtomicReference<Throwable> pipelineFailure = new AtomicReference<>();

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
     * @return {@link Confirms#NONE} without confirms, {@link Confirms#EACH} for a window of 1, {@link
     *     Confirms#PIPELINED} for a larger window (a pre-fill's included)
     */
    static Confirms confirmsFor(PublishPlan plan) {
        if (!plan.confirmsEnabled()) {
            return Confirms.NONE;
        }
        return plan.confirms().window() > 1 ? Confirms.PIPELINED : Confirms.EACH;
    }

    /**
     * Publishes until the plan says stop, then waits for the last confirms and dispatches the last returns.
     *
     * @throws RuntimeException what a publish threw, or what failed a pipelined message other than a nack or a
     *     return (the connection or the channel closed)
     */
    void run() {
        long sequence = 0;
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
                case PIPELINED -> {
                    long published = ++sequence;
                    plan.beforePublish(published);
                    target.publishConfirmed(body).whenComplete((ok, error) -> settle(published, error));
                    plan.afterPublish();
                    throwIfPipelineFailed();
                }
            }
            if (dispatchEvents != null && ++sinceDispatch >= DISPATCH_EVERY) {
                sinceDispatch = 0;
                dispatch();
            }
        }
        plan.awaitSettled();
        if (dispatchEvents != null) {
            dispatch();
        }
        throwIfPipelineFailed();
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

    /** A pipelined message's future completed: usually on the connection's I/O thread. */
    private void settle(long sequence, Throwable error) {
        if (error == null) {
            plan.onConfirm(sequence, false, true);
        } else if (error instanceof UnroutableException) {
            plan.onReturn();
            plan.onConfirm(sequence, false, true);
        } else if (error instanceof NackException) {
            plan.onConfirm(sequence, false, false);
        } else {
            pipelineFailure.compareAndSet(null, error);
            plan.confirms().settle(sequence, false); // frees the slot without counting it as confirmed
        }
    }

    private void throwIfPipelineFailed() {
        Throwable failure = pipelineFailure.get();
        if (failure != null) {
            throw failure instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("a pipelined publish failed: " + failure, failure);
        }
    }

    private void dispatch() {
        if (!closing.getAsBoolean()) {
            dispatchEvents.run();
        }
    }
}
