package dev.pika.spring.listener.container;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Carries settlements from the workers to the I/O thread in batches: workers {@link #add} to a lock-free
 * queue, and only the add that finds no drain scheduled hands a drain task to the loop ({@code
 * PikaConnection.execute}); the drain takes everything queued by then, so one loop task (and one flush
 * of the ack tracker) serves many acks.
 *
 * <p>Thread-safe: {@link #add} from any thread; the drain runs on the I/O thread.
 */
final class SettlementQueue {

    private static final Log LOG = LogFactory.getLog(SettlementQueue.class);

    private final ConcurrentLinkedQueue<PendingSettlement> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<Runnable> loop;
    private final Consumer<PendingSettlement> onLoop;
    private final Runnable afterBatch;

    /**
     * Creates the queue.
     *
     * @param loop hands a task to the I/O thread; may throw when the loop is gone
     * @param onLoop applies one settlement, on the I/O thread
     * @param afterBatch runs after each batch, on the I/O thread (the flush)
     */
    SettlementQueue(Consumer<Runnable> loop, Consumer<PendingSettlement> onLoop, Runnable afterBatch) {
        this.loop = loop;
        this.onLoop = onLoop;
        this.afterBatch = afterBatch;
    }

    /**
     * Queues a settlement and makes sure a drain is scheduled.
     *
     * @param settlement the settlement
     */
    void add(PendingSettlement settlement) {
        queue.add(settlement);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.accept(this::drain);
            } catch (RuntimeException e) {
                scheduled.set(false);
                queue.clear();
                LOG.debug("Connection gone; settlements dropped (the broker requeues unacknowledged deliveries)", e);
            }
        }
    }

    /** Applies everything queued; I/O thread. Also called directly by the container before it flushes. */
    void drain() {
        scheduled.set(false);
        PendingSettlement next;
        while ((next = queue.poll()) != null) {
            onLoop.accept(next);
        }
        afterBatch.run();
    }

    /** @return settlements not applied yet */
    int size() {
        return queue.size();
    }
}
