package dev.pika.spring.listener.container;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Carries settlements from the workers to the I/O thread in batches: workers {@link #add} a settled
 * {@link DeliveryAcknowledgement} to a lock-free stack (one compare-and-set, linked through the
 * acknowledgement itself: no allocation), and only the add that finds no drain scheduled hands a drain
 * task to the loop ({@code PikaConnection.execute}, at most one selector wake-up); the drain takes
 * everything pushed by then, so one loop task (and one flush of the ack tracker) serves many acks. The
 * drain applies a batch newest first: the {@link AckTracker} does not care about the order in which
 * tags are settled.
 *
 * <p>Deferred drains: a worker that settles while more deliveries wait for the workers ({@code
 * moreQueued}) does not schedule a drain, unless {@code deferLimit} settlements already wait undrained:
 * the I/O thread would wake (a selector wake-up), send an ack frame and sleep again for every delivery of
 * a burst, where one drain per {@code deferLimit} deliveries, or per burst, does. The last settlement of a
 * burst (nothing more queued) schedules the drain at once. A settlement whose worker then runs a slow
 * listener waits for the container's {@link SettlementSweep}, which drains on the I/O thread every
 * ack-hold time while deliveries are outstanding: no ack waits behind a slow listener longer than that.
 *
 * <p>Thread-safe: {@link #add} from any thread; the drain runs on the I/O thread.
 */
final class SettlementQueue {

    private static final Log LOG = LogFactory.getLog(SettlementQueue.class);

    private final AtomicReference<DeliveryAcknowledgement> top = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Settlements added since the last drain began; a hint for the deferral, not an exact count. */
    private final AtomicInteger undrained = new AtomicInteger();

    private final BooleanSupplier moreQueued;
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
     * @param moreQueued whether deliveries wait for a worker (asked on the settling thread): a drain can
     *     then wait for a later settlement
     * @param deferLimit the most settlements that wait undrained for a later one, at least 1 (1: every
     *     settlement schedules a drain)
     */
    SettlementQueue(
            Consumer<Runnable> loop,
            Consumer<DeliveryAcknowledgement> onLoop,
            Runnable afterBatch,
            BooleanSupplier moreQueued,
            int deferLimit) {
        if (deferLimit < 1) {
            throw new IllegalArgumentException("deferLimit must be at least 1, but was " + deferLimit);
        }
        this.moreQueued = moreQueued;
        this.deferLimit = deferLimit;
        this.loop = loop;
        this.onLoop = onLoop;
        this.afterBatch = afterBatch;
    }

    /**
     * Queues a settled acknowledgement and schedules a drain unless one is scheduled or the drain can wait
     * (more deliveries queued for the workers, fewer than {@code deferLimit} settlements undrained).
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
        if (scheduled.get() || (waiting < deferLimit && moreQueued.getAsBoolean())) {
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
