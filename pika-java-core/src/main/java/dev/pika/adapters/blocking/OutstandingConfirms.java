package dev.pika.adapters.blocking;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@link BlockingChannel#waitForConfirms} needs to know about a channel's confirm-mode publishes: how many wait
 * for their confirmation, which of them were handed in before a given wait began, and the first failure since the
 * last wait reported one.
 *
 * <p>The broker may confirm publishes in any order (an unroutable message is acked at once, a persistent one after
 * its queue wrote it), so "the last publish is confirmed" does not mean "every earlier one is". Instead each wait is
 * a barrier: when it reaches the I/O thread, every publish recorded so far belongs to it, and the barrier completes
 * when the last of them is settled. Publishes carry an epoch, the number of barriers opened before them, so that a
 * settled publish counts down exactly the barriers it precedes. Recording and settling a publish are O(1) (plus one
 * step per open barrier, usually none or one); no per-publish collection is kept.
 *
 * <p>Threading: {@link #published}, {@link #settled} and {@link #barrier} on the connection's I/O thread only;
 * {@link #failed} and {@link #takeFailure} from any thread.
 */
final class OutstandingConfirms {

    /** A wait for every publish recorded before it: {@code epoch} is the epoch of the publishes after it. */
    private static final class Barrier {
        final long epoch;
        final CompletableFuture<Void> settled;
        int remaining;

        Barrier(long epoch, int remaining, CompletableFuture<Void> settled) {
            this.epoch = epoch;
            this.remaining = remaining;
            this.settled = settled;
        }
    }

    /** Open barriers, oldest first; their epochs increase. */
    private final ArrayDeque<Barrier> barriers = new ArrayDeque<>();

    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private long epoch;
    private int outstanding;

    /**
     * A publish was handed to the engine and waits for its confirmation. The I/O thread.
     *
     * @return its epoch, to give back to {@link #settled}
     */
    long published() {
        outstanding++;
        return epoch;
    }

    /**
     * A publish recorded by {@link #published} was settled (acked, nacked, returned or failed). The I/O thread.
     *
     * @param publishEpoch what {@link #published} returned for it
     */
    void settled(long publishEpoch) {
        outstanding--;
        if (barriers.isEmpty()) {
            return;
        }
        // The newest barriers are the ones this publish precedes: count them down, newest first.
        Iterator<Barrier> newestFirst = barriers.descendingIterator();
        while (newestFirst.hasNext()) {
            Barrier barrier = newestFirst.next();
            if (barrier.epoch <= publishEpoch) {
                break;
            }
            barrier.remaining--;
        }
        // An older barrier's publishes are a subset of a newer one's: they finish oldest first.
        while (!barriers.isEmpty() && barriers.peekFirst().remaining == 0) {
            barriers.pollFirst().settled.complete(null);
        }
    }

    /**
     * Opens a barrier: {@code settled} completes once every publish recorded so far is settled (at once when none
     * waits). The I/O thread.
     *
     * @param settled the future to complete
     */
    void barrier(CompletableFuture<Void> settled) {
        if (outstanding == 0) {
            settled.complete(null);
            return;
        }
        epoch++;
        barriers.addLast(new Barrier(epoch, outstanding, settled));
    }

    /**
     * Records a publish's failure, kept for the next {@link #takeFailure} unless an earlier one is kept. Any thread.
     *
     * @param failure why the publish failed
     */
    void failed(Throwable failure) {
        if (firstFailure.get() == null) {
            firstFailure.compareAndSet(null, failure);
        }
    }

    /**
     * The first failure recorded since the last call, which forgets it. Any thread.
     *
     * @return the failure, or {@code null} when none was recorded
     */
    Throwable takeFailure() {
        return firstFailure.getAndSet(null);
    }

    /**
     * How many publishes wait for their confirmation, for tests and diagnostics. The I/O thread.
     *
     * @return the count
     */
    int outstanding() {
        return outstanding;
    }
}
