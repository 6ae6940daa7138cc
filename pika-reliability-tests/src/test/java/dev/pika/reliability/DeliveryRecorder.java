package dev.pika.reliability;

/**
 * Where the failover publisher and consumer record what happened to each message id: a {@link Ledger} for bounded
 * runs ({@link #of(Ledger)}), or a {@link SoakLedger} whose memory does not grow with hours of traffic.
 *
 * <p>Implementations are thread-safe: the publisher and the consumer record from their own threads.
 */
interface DeliveryRecorder {

    /** One publish attempt of {@code id}. */
    void published(long id);

    /** The broker confirmed one publish attempt of {@code id}. */
    void confirmed(long id);

    /** The broker nacked one publish attempt of {@code id}. */
    void nacked(long id);

    /** The client failed one publish attempt of {@code id} back to the application. */
    void failedBack(long id);

    /** One delivery of {@code id}. */
    void consumed(long id, boolean redelivered);

    /** Records into a {@link Ledger}. */
    static DeliveryRecorder of(Ledger ledger) {
        return new DeliveryRecorder() {
            @Override
            public void published(long id) {
                ledger.published(id);
            }

            @Override
            public void confirmed(long id) {
                ledger.confirmed(id);
            }

            @Override
            public void nacked(long id) {
                ledger.nacked(id);
            }

            @Override
            public void failedBack(long id) {
                ledger.failedBack(id);
            }

            @Override
            public void consumed(long id, boolean redelivered) {
                ledger.consumed(id, redelivered);
            }
        };
    }
}
