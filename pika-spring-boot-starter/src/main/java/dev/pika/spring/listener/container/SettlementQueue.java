package dev.pika.spring.listener.container;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>Thread-safe: {@link #add} from any thread; the drain runs on the I/O thread.
 */
final class SettlementQueue {

    private static final Log LOG = LogFactory.getLog(SettlementQueue.class);

    private final AtomicReference<DeliveryAcknowledgement> top = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
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
     */
    SettlementQueue(Consumer<Runnable> loop, Consumer<DeliveryAcknowledgement> onLoop, Runnable afterBatch) {
        this.loop = loop;
        this.onLoop = onLoop;
        this.afterBatch = afterBatch;
    }

    /**
     * Queues a settled acknowledgement and makes sure a drain is scheduled.
     *
     * @param settled the acknowledgement, settled, never queued before
     */
    void add(DeliveryAcknowledgement settled) {
        DeliveryAcknowledgement head;
        do {
            head = top.get();
            settled.next = head;
        } while (!top.compareAndSet(head, settled));
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
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
