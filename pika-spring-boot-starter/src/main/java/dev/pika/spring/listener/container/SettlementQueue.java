package dev.pika.spring.listener.container;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Carries settlements from the workers to the I/O thread in batches: workers {@link #add} a settled
 * {@link DeliveryAcknowledgement} to a lock-free stack (one compare-and-set, linked through the
 * acknowledgement itself: no allocation); the I/O thread drains the stack, applying a batch at a time
 * (newest first: the {@link AckTracker} does not care about the order in which tags are settled) and
 * flushing the ack tracker once per batch.
 *
 * <p>When the stack is drained: every {@code deferLimit} settlements (a quarter of the prefetch) the add
 * that reaches the limit hands a drain task to the loop ({@code PikaConnection.runOrHandOff}: run by the
 * adding worker itself, with one socket write, when the loop is idle; otherwise queued, at most one selector
 * wake-up), so that the broker's prefetch window never waits for acks; the rest wait for the
 * container's {@link SettlementSweep}, which drains on the I/O thread every ack-hold time (50 ms by
 * default) while deliveries are outstanding, and for the drain before the channel closes. An ack thus
 * reaches the broker within the ack-hold time, never held behind a slow listener, and the I/O thread is
 * not woken (to send one ack frame and sleep again) for every delivery: at 10,000 messages a second that
 * wake-up was most of the container's CPU per message.
 *
 * <p>Thread-safe: {@link #add} from any thread; the drain runs with the loop's ownership (on the I/O thread, or
 * on a worker that took the idle loop over for it).
 */
final class SettlementQueue {

    private static final Log LOG = LogFactory.getLog(SettlementQueue.class);

    private final AtomicReference<DeliveryAcknowledgement> top = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Settlements added since the last drain began; decides when to schedule one, not an exact count. */
    private final AtomicInteger undrained = new AtomicInteger();

    private final int deferLimit;
    private final Consumer<Runnable> loop;
    private final Consumer<DeliveryAcknowledgement> onLoop;
    private final Runnable afterBatch;
    private final Runnable drainTask = this::drain;

    /**
     * Creates the queue.
     *
     * @param loop hands a task to the I/O thread; may throw when the loop is gone
     * @param onLoop applies one settlement, on the I/O thread
     * @param afterBatch runs after each batch, on the I/O thread (the flush)
     * @param deferLimit how many undrained settlements schedule a drain, at least 1 (1: every settlement
     *     does); fewer wait for a direct {@link #drain} (the sweep)
     */
    SettlementQueue(
            Consumer<Runnable> loop, Consumer<DeliveryAcknowledgement> onLoop, Runnable afterBatch, int deferLimit) {
        if (deferLimit < 1) {
            throw new IllegalArgumentException("deferLimit must be at least 1, but was " + deferLimit);
        }
        this.deferLimit = deferLimit;
        this.loop = loop;
        this.onLoop = onLoop;
        this.afterBatch = afterBatch;
    }

    /**
     * Queues a settled acknowledgement; schedules a drain when {@code deferLimit} settlements wait undrained
     * and none is scheduled.
     *
     * @param settled the acknowledgement, settled, never queued before
     */
    void add(DeliveryAcknowledgement settled) {
        DeliveryAcknowledgement head;
        do {
            head = top.get();
            settled.next = head;
        } while (!top.compareAndSet(head, settled));
        int waiting = undrained.incrementAndGet();
        if (waiting < deferLimit || scheduled.get()) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.accept(drainTask);
            } catch (RuntimeException e) {
                scheduled.set(false);
                top.set(null);
                LOG.debug("Connection gone; settlements dropped (the broker requeues unacknowledged deliveries)", e);
            }
        }
    }

    /** Applies everything queued; I/O thread. Also called directly by the container before it flushes. */
    void drain() {
        scheduled.set(false);
        undrained.set(0);
        DeliveryAcknowledgement batch;
        while ((batch = top.getAndSet(null)) != null) {
            while (batch != null) {
                DeliveryAcknowledgement following = batch.next;
                batch.next = null;
                onLoop.accept(batch);
                batch = following;
            }
        }
        afterBatch.run();
    }
}
