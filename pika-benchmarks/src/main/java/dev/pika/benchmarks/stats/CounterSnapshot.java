package dev.pika.benchmarks.stats;

/**
 * The message counters of a run at one instant.
 *
 * <p>Immutable.
 *
 * @param sent messages handed to the client's publish call
 * @param confirmed messages the broker confirmed (basic.ack)
 * @param nacked messages the broker refused (basic.nack)
 * @param returned mandatory messages the broker returned as unroutable
 * @param received messages the consumers received
 */
public record CounterSnapshot(long sent, long confirmed, long nacked, long returned, long received) {

    /** All counters at zero. */
    public static final CounterSnapshot ZERO = new CounterSnapshot(0, 0, 0, 0, 0);

    /**
     * What happened between an earlier snapshot and this one.
     *
     * @param earlier the earlier snapshot
     * @return the differences, counter by counter
     */
    public CounterSnapshot minus(CounterSnapshot earlier) {
        return new CounterSnapshot(
                sent - earlier.sent,
                confirmed - earlier.confirmed,
                nacked - earlier.nacked,
                returned - earlier.returned,
                received - earlier.received);
    }
}
