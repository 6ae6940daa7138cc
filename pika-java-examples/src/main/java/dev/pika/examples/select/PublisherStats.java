package dev.pika.examples.select;

/**
 * The publisher's counts for one connection, as Pika's example logs them.
 *
 * <p>Immutable.
 *
 * @param published messages published
 * @param acked messages the broker acknowledged (a {@code multiple} ack counts every message it covers)
 * @param nacked messages the broker rejected
 * @param pending messages still waiting for their confirmation
 */
public record PublisherStats(long published, long acked, long nacked, int pending) {

    /** No message yet. */
    public static final PublisherStats NONE = new PublisherStats(0, 0, 0, 0);

    @Override
    public String toString() {
        return "Published " + published + " messages, " + pending + " have yet to be confirmed, " + acked
                + " were acked and " + nacked + " were nacked";
    }
}
