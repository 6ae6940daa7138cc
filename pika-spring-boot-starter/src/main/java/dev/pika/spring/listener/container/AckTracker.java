package dev.pika.spring.listener.container;

/**
 * The delivery tags of one channel that the container received and has not yet settled with the broker,
 * and the coalescing of their settlements: when a contiguous run of received tags is settled the same
 * way, {@link #flush} sends one {@code multiple=true} frame for the run instead of one frame per tag.
 *
 * <p>Tags arrive in increasing order ({@link #received}); a tag between two received ones that the
 * container never saw (the channel rejected it itself, e.g. after a cancel) is skipped: it is not
 * outstanding, so a {@code multiple} frame over it does no harm. Workers settle in any order ({@link
 * #settle}); {@link #flush} walks from the oldest outstanding tag while tags are settled, sending one
 * frame per run of equal outcomes. A settled tag behind an unsettled one (a slow message ahead of it)
 * waits, so that a later run can include it, until {@code holdLimit} such tags wait or the flush is
 * forced (the container forces it on a short timer and at stop): they are then sent one by one, so
 * that a slow or never-settled message cannot use up the prefetch window.
 *
 * <p>Memory: a ring of one byte per tag between the oldest outstanding and the newest received tag,
 * grown by doubling; no allocation per delivery.
 *
 * <p>Not thread-safe: confined to the connection's I/O thread.
 */
final class AckTracker {

    private static final byte SKIPPED = 0;
    private static final byte UNSETTLED = 1;
    private static final byte ACK = 2;
    private static final byte REQUEUE = 3;
    private static final byte DISCARD = 4;
    private static final byte SENT = 5;

    private final int holdLimit;
    private byte[] ring = new byte[64];
    private int mask = ring.length - 1;
    /** The oldest tag still tracked; every tag below it was sent or skipped. */
    private long head = 1;
    /** The newest tag received; {@code head - 1} when none is tracked. */
    private long highest = 0;
    /** Tags settled and not sent yet. */
    private int pending;
    /** Tags received and not settled yet. */
    private int unsettled;

    /**
     * Creates a tracker.
     *
     * @param holdLimit how many settled tags may wait behind an unsettled one before they are sent one
     *     by one; at least 1
     */
    AckTracker(int holdLimit) {
        if (holdLimit < 1) {
            throw new IllegalArgumentException("holdLimit must be at least 1, but was " + holdLimit);
        }
        this.holdLimit = holdLimit;
    }

    /**
     * Records a delivery.
     *
     * @param tag its delivery tag, greater than every tag received before
     * @throws IllegalArgumentException when the tag is not greater than the last one
     */
    void received(long tag) {
        if (tag <= highest) {
            throw new IllegalArgumentException("delivery tag " + tag + " received after " + highest);
        }
        if (highest < head) {
            head = tag; // nothing tracked: start the window at this tag
        }
        ensureCapacity(tag - head + 1);
        for (long skipped = Math.max(highest + 1, head); skipped < tag; skipped++) {
            ring[index(skipped)] = SKIPPED;
        }
        ring[index(tag)] = UNSETTLED;
        highest = tag;
        unsettled++;
    }

    /**
     * Records how a delivery is settled; nothing is sent before {@link #flush}.
     *
     * @param tag the delivery tag
     * @param settlement the outcome
     * @return {@code false} when the tag is not outstanding (unknown, or settled already): nothing recorded
     */
    boolean settle(long tag, Settlement settlement) {
        if (tag < head || tag > highest) {
            return false;
        }
        int i = index(tag);
        if (ring[i] != UNSETTLED) {
            return false;
        }
        ring[i] = switch (settlement) {
            case ACK -> ACK;
            case REQUEUE -> REQUEUE;
            case DISCARD -> DISCARD;
        };
        unsettled--;
        pending++;
        return true;
    }

    /**
     * Sends what can be sent: one frame per run of equally settled tags from the oldest outstanding one
     * ({@code multiple} when the run holds more than one tag), then, when {@code force} or when {@code
     * holdLimit} settled tags wait behind an unsettled one, those one by one.
     *
     * @param sink where the frames go
     * @param force send every settled tag now
     * @return the number of frames sent
     */
    int flush(AckSink sink, boolean force) {
        int frames = 0;
        byte runKind = SKIPPED;
        long runEnd = 0;
        int runLength = 0;
        while (head <= highest) {
            byte state = ring[index(head)];
            if (state == UNSETTLED) {
                break;
            }
            if (state == ACK || state == REQUEUE || state == DISCARD) {
                if (runKind != SKIPPED && runKind != state) {
                    frames += emit(sink, runKind, runEnd, runLength);
                    runLength = 0;
                }
                runKind = state;
                runEnd = head;
                runLength++;
                pending--;
            }
            head++;
        }
        if (runLength > 0) {
            frames += emit(sink, runKind, runEnd, runLength);
        }
        if (pending > 0 && (force || pending >= holdLimit)) {
            for (long tag = head; tag <= highest; tag++) {
                int i = index(tag);
                byte state = ring[i];
                if (state == ACK || state == REQUEUE || state == DISCARD) {
                    frames += emit(sink, state, tag, 1);
                    ring[i] = SENT;
                    pending--;
                }
            }
        }
        return frames;
    }

    private static int emit(AckSink sink, byte kind, long tag, int runLength) {
        boolean multiple = runLength > 1;
        switch (kind) {
            case ACK -> sink.ack(tag, multiple);
            case REQUEUE -> sink.nack(tag, multiple, true);
            case DISCARD -> sink.nack(tag, multiple, false);
            default -> throw new IllegalStateException("not a settlement: " + kind);
        }
        return 1;
    }

    /** @return settled tags not sent yet */
    int pendingCount() {
        return pending;
    }

    /** @return received tags not settled yet */
    int unsettledCount() {
        return unsettled;
    }

    /** @return the newest tag received, 0 before the first */
    long highestReceived() {
        return highest;
    }

    private int index(long tag) {
        return (int) (tag & mask);
    }

    private void ensureCapacity(long span) {
        if (span <= ring.length) {
            return;
        }
        if (span > (1 << 30)) {
            throw new IllegalStateException("more than 2^30 outstanding deliveries on one channel");
        }
        int capacity = ring.length;
        while (capacity < span) {
            capacity <<= 1;
        }
        byte[] grown = new byte[capacity];
        int newMask = capacity - 1;
        for (long tag = head; tag <= highest; tag++) {
            grown[(int) (tag & newMask)] = ring[index(tag)];
        }
        ring = grown;
        mask = newMask;
    }
}
