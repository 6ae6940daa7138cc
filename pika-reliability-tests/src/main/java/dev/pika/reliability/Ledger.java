package dev.pika.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a fault run did to its messages, id by id: every publish attempt, confirm, broker nack, publish failed
 * back to the application, and every delivery with its redelivered flag. From that it computes what the
 * reliability promises are judged on ({@link Summary}): lost = confirmed but never consumed, publishes that were
 * neither confirmed nor failed back (silently dropped), duplicates split into broker redeliveries and publisher
 * republishes, and duplicates that the broker should have flagged redelivered but did not.
 *
 * <p>Message ids are the test's own (usually a counter written into the body or the message id property). An id
 * may be published more than once: a publisher that was told a publish failed republishes the same id, and if
 * the first copy did reach the queue the consumer sees it twice without the redelivered flag. Those are
 * <em>publisher duplicates</em>; the ids tell them apart from broker redeliveries, which RabbitMQ marks
 * redelivered.
 *
 * <p>Threading: thread-safe; every method may be called from any thread (publisher, confirm callback, consumer
 * callback) concurrently. Each call is atomic; {@link #summary()} is a consistent snapshot. Not a hot-path
 * structure: one short lock per event, fine for the hundreds of thousands of events a fault run records.
 */
public final class Ledger {

    private final Map<Long, Entry> entries = new HashMap<>();
    private long publishAttempts;
    private long deliveries;
    private long confirmedIds;
    private long consumedIds;
    private long confirmedNotConsumed;

    /** Records one publish attempt of {@code id} (call it before the publish is handed to the client). */
    public synchronized void published(long id) {
        entry(id).published++;
        publishAttempts++;
    }

    /** Records the broker's confirm (basic.ack) of one publish attempt of {@code id}. */
    public synchronized void confirmed(long id) {
        Entry entry = entry(id);
        if (entry.confirmed++ == 0) {
            confirmedIds++;
            if (entry.deliveries == 0) {
                confirmedNotConsumed++;
            }
        }
    }

    /** Records the broker's negative confirm (basic.nack) of one publish attempt of {@code id}. */
    public synchronized void nacked(long id) {
        entry(id).nacked++;
    }

    /**
     * Records that the client failed one publish attempt of {@code id} back to the application (a typed exception
     * or a failed confirm future, for example because the connection was lost before the confirm arrived).
     */
    public synchronized void failedBack(long id) {
        entry(id).failedBack++;
    }

    /** Records one delivery of {@code id} to a consumer, with the delivery's redelivered flag. */
    public synchronized void consumed(long id, boolean redelivered) {
        Entry entry = entry(id);
        if (entry.deliveries++ == 0) {
            consumedIds++;
            if (entry.confirmed > 0) {
                confirmedNotConsumed--;
            }
        }
        if (redelivered) {
            entry.redelivered++;
        }
        deliveries++;
    }

    /** Whether {@code id} has been delivered at least once. */
    public synchronized boolean isConsumed(long id) {
        Entry entry = entries.get(id);
        return entry != null && entry.deliveries > 0;
    }

    /** How many distinct ids have been confirmed at least once. */
    public synchronized long confirmedCount() {
        return confirmedIds;
    }

    /** How many distinct ids have been delivered at least once. */
    public synchronized long consumedCount() {
        return consumedIds;
    }

    /**
     * Whether every confirmed id has been delivered at least once (the condition a test waits for). This and the
     * counts above are kept as events arrive: cheap enough to poll.
     */
    public synchronized boolean allConfirmedConsumed() {
        return confirmedNotConsumed == 0;
    }

    /** A consistent snapshot of the counts and the offending ids (at most {@value #SAMPLE} of each kind). */
    public synchronized Summary summary() {
        long published = 0;
        long confirmed = 0;
        long nacked = 0;
        long failedBack = 0;
        long unresolved = 0;
        long consumed = 0;
        long duplicates = 0;
        long publisherDuplicates = 0;
        long unflagged = 0;
        TreeSet<Long> lost = new TreeSet<>();
        TreeSet<Long> unresolvedIds = new TreeSet<>();
        TreeSet<Long> unflaggedIds = new TreeSet<>();
        TreeSet<Long> unknownIds = new TreeSet<>();
        long lostCount = 0;
        long unknown = 0;
        for (Map.Entry<Long, Entry> e : entries.entrySet()) {
            long id = e.getKey();
            Entry entry = e.getValue();
            if (entry.published > 0) {
                published++;
            }
            if (entry.confirmed > 0) {
                confirmed++;
            }
            nacked += entry.nacked;
            failedBack += entry.failedBack;
            long open = entry.published - entry.confirmed - entry.nacked - entry.failedBack;
            if (open != 0) {
                unresolved += Math.abs(open);
                sample(unresolvedIds, id);
            }
            if (entry.deliveries > 0) {
                consumed++;
                duplicates += entry.deliveries - 1;
                long firstDeliveries = entry.deliveries - entry.redelivered;
                // Each publish can reach a consumer once without the redelivered flag; more such deliveries
                // than publishes is a duplicate the broker failed to flag.
                long allowed = Math.max(entry.published, 1);
                publisherDuplicates += Math.max(0, Math.min(firstDeliveries, allowed) - 1);
                if (firstDeliveries > allowed) {
                    unflagged += firstDeliveries - allowed;
                    sample(unflaggedIds, id);
                }
                if (entry.published == 0) {
                    unknown++;
                    sample(unknownIds, id);
                }
            }
            if (entry.confirmed > 0 && entry.deliveries == 0) {
                lostCount++;
                sample(lost, id);
            }
        }
        return new Summary(
                published,
                publishAttempts,
                confirmed,
                nacked,
                failedBack,
                unresolved,
                consumed,
                deliveries,
                lostCount,
                duplicates,
                publisherDuplicates,
                duplicates - publisherDuplicates,
                unflagged,
                unknown,
                List.copyOf(lost),
                List.copyOf(unresolvedIds),
                List.copyOf(unflaggedIds),
                List.copyOf(unknownIds));
    }

    private static final int SAMPLE = 20;

    private static void sample(TreeSet<Long> ids, long id) {
        ids.add(id);
        if (ids.size() > SAMPLE) {
            ids.pollLast();
        }
    }

    private Entry entry(long id) {
        return entries.computeIfAbsent(id, k -> new Entry());
    }

    private static final class Entry {
        int published;
        int confirmed;
        int nacked;
        int failedBack;
        int deliveries;
        int redelivered;
    }

    /**
     * The ledger's figures at one moment. Immutable.
     *
     * @param published distinct ids published at least once
     * @param publishAttempts publish attempts, republishes included
     * @param confirmed distinct ids confirmed at least once
     * @param nacked publish attempts the broker nacked
     * @param failedBack publish attempts the client failed back to the application
     * @param unresolved publish attempts neither confirmed, nacked nor failed back (silently dropped if the run is
     *     over)
     * @param consumed distinct ids delivered at least once
     * @param deliveries deliveries in total
     * @param lost ids confirmed but never delivered
     * @param duplicates deliveries beyond the first of each id
     * @param publisherDuplicates duplicates explained by the publisher republishing an id whose first copy did
     *     arrive (delivered without the redelivered flag, at most one per extra publish)
     * @param redeliveredDuplicates duplicates that are broker redeliveries ({@code duplicates -
     *     publisherDuplicates})
     * @param unflaggedDuplicates deliveries without the redelivered flag beyond what the publishes explain: the
     *     broker delivered a message again without marking it redelivered
     * @param unknown distinct ids delivered that were never published in this run
     * @param lostIds the smallest lost ids (a sample, for the failure message)
     * @param unresolvedIds the smallest unresolved ids (a sample)
     * @param unflaggedIds the smallest ids with unflagged duplicates (a sample)
     * @param unknownIds the smallest unknown ids (a sample)
     */
    public record Summary(
            long published,
            long publishAttempts,
            long confirmed,
            long nacked,
            long failedBack,
            long unresolved,
            long consumed,
            long deliveries,
            long lost,
            long duplicates,
            long publisherDuplicates,
            long redeliveredDuplicates,
            long unflaggedDuplicates,
            long unknown,
            List<Long> lostIds,
            List<Long> unresolvedIds,
            List<Long> unflaggedIds,
            List<Long> unknownIds) {

        /** Whether every duplicate is either flagged redelivered or explained by a publisher republish. */
        public boolean allDuplicatesRedelivered() {
            return unflaggedDuplicates == 0;
        }

        /** One line with every figure, for logs and assertion messages. */
        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            parts.add("published=" + published + " (attempts " + publishAttempts + ")");
            parts.add("confirmed=" + confirmed);
            parts.add("nacked=" + nacked);
            parts.add("failedBack=" + failedBack);
            parts.add("unresolved=" + unresolved + (unresolvedIds.isEmpty() ? "" : " e.g. " + unresolvedIds));
            parts.add("consumed=" + consumed + " (deliveries " + deliveries + ")");
            parts.add("lost=" + lost + (lostIds.isEmpty() ? "" : " e.g. " + lostIds));
            parts.add("duplicates=" + duplicates + " (redelivered " + redeliveredDuplicates + ", republished "
                    + publisherDuplicates + ", unflagged " + unflaggedDuplicates
                    + (unflaggedIds.isEmpty() ? "" : " e.g. " + unflaggedIds) + ")");
            parts.add("unknown=" + unknown + (unknownIds.isEmpty() ? "" : " e.g. " + unknownIds));
            return String.join(", ", parts);
        }
    }
}
