package dev.pika.adapters.select;

import dev.pika.io.TimerReference;

/**
 * One timer of an {@link IoLoop}: a deadline on the loop's clock, an insertion sequence number that orders
 * timers with equal deadlines, and its slot in the {@link TimerQueue} heap.
 *
 * <p>Loop-confined, except {@link #cancel()}, which hands itself to the loop when called from another thread.
 */
final class LoopTimer implements TimerReference {

    final long deadline;
    final long sequence;
    private final IoLoop loop;
    Runnable callback;
    /** Slot in the heap's array, or -1 when not in the heap (ran, cancelled, or taken out to run). */
    int heapIndex = -1;

    LoopTimer(IoLoop loop, long deadline, long sequence, Runnable callback) {
        this.loop = loop;
        this.deadline = deadline;
        this.sequence = sequence;
        this.callback = callback;
    }

    /** Orders by deadline (overflow-safe, like {@link System#nanoTime()} differences), then by insertion. */
    boolean isBefore(LoopTimer other) {
        long difference = deadline - other.deadline;
        if (difference != 0) {
            return difference < 0;
        }
        return sequence < other.sequence;
    }

    @Override
    public void cancel() {
        if (loop.isInLoopThread()) {
            loop.cancelTimer(this);
        } else if (!loop.isClosed()) {
            try {
                loop.addCallbackThreadsafe(() -> loop.cancelTimer(this));
            } catch (IllegalStateException closing) {
                // the loop closed meanwhile: its timers will never run
            }
        }
    }

    @Override
    public String toString() {
        return "LoopTimer[deadline=" + deadline + ", sequence=" + sequence + ", pending=" + (callback != null) + "]";
    }
}
