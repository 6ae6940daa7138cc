package dev.pika.reliability;

import java.util.BitSet;

/**
 * The soak run's bookkeeping, for ids handed out in order from 0: bit sets of confirmed and consumed ids (one bit per
 * message, about 4.5 MB for 36 million messages, two hours at 5,000 messages a second) and counters, instead of the
 * {@link Ledger}'s entry per id, so that the run's own memory stays flat and the heap figures show the client's.
 *
 * <p>lost = confirmed ids never consumed (judged after the drain); duplicates = deliveries of an id already consumed,
 * counted as redelivered when the broker flagged them.
 *
 * <p>Thread-safe (one short lock per event).
 */
final class SoakLedger implements DeliveryRecorder {

    private final BitSet confirmed = new BitSet();
    private final BitSet consumed = new BitSet();
    private long publishAttempts;
    private long nacked;
    private long failedBack;
    private long deliveries;
    private long duplicates;
    private long redeliveredDuplicates;
    private long confirmedNotConsumed;

    @Override
    public synchronized void published(long id) {
        publishAttempts++;
    }

    @Override
    public synchronized void confirmed(long id) {
        int bit = bit(id);
        if (!confirmed.get(bit)) {
            confirmed.set(bit);
            if (!consumed.get(bit)) {
                confirmedNotConsumed++;
            }
        }
    }

    @Override
    public synchronized void nacked(long id) {
        nacked++;
    }

    @Override
    public synchronized void failedBack(long id) {
        failedBack++;
    }

    @Override
    public synchronized void consumed(long id, boolean redelivered) {
        int bit = bit(id);
        deliveries++;
        if (consumed.get(bit)) {
            duplicates++;
            if (redelivered) {
                redeliveredDuplicates++;
            }
            return;
        }
        consumed.set(bit);
        if (confirmed.get(bit)) {
            confirmedNotConsumed--;
        }
    }

    /** A consistent snapshot of the counters. */
    synchronized Snapshot snapshot() {
        return new Snapshot(
                publishAttempts,
                confirmed.cardinality(),
                nacked,
                failedBack,
                consumed.cardinality(),
                deliveries,
                confirmedNotConsumed,
                duplicates,
                redeliveredDuplicates);
    }

    private static int bit(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("soak ids run from 0 to 2^31-1, got " + id);
        }
        return (int) id;
    }

    /**
     * The soak's figures at one moment.
     *
     * @param publishAttempts publish attempts, republishes included
     * @param confirmed distinct ids confirmed
     * @param nacked broker nacks
     * @param failedBack publish attempts failed back to the application
     * @param consumed distinct ids delivered
     * @param deliveries deliveries, duplicates included
     * @param confirmedNotConsumed ids confirmed and not (yet) delivered: lost once the queue is drained
     * @param duplicates deliveries of ids delivered before
     * @param redeliveredDuplicates those the broker flagged redelivered
     */
    record Snapshot(
            long publishAttempts,
            long confirmed,
            long nacked,
            long failedBack,
            long consumed,
            long deliveries,
            long confirmedNotConsumed,
            long duplicates,
            long redeliveredDuplicates) {}
}
