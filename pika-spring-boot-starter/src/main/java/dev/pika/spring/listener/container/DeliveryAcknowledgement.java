package dev.pika.spring.listener.container;

import dev.pika.spring.listener.Acknowledgement;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link Acknowledgement} of one delivery, and its settlement on the way to the I/O thread: the
 * first call records the outcome (one compare-and-set) and hands this object itself to the container's
 * {@link SettlementQueue}, which links it into its stack (no allocation per settlement); later calls are
 * ignored. In {@code NONE} ack mode the broker has already forgotten the message: nothing is queued.
 *
 * <p>Not final: the container's delivery task extends it, so that a delivery costs one object for the
 * task, the acknowledgement and the settlement.
 *
 * <p>Thread-safe: any thread, never blocks. The link field is written by the settling thread before the
 * queue publishes it, and read by the I/O thread after.
 */
class DeliveryAcknowledgement implements Acknowledgement {

    private static final Log LOG = LogFactory.getLog(DeliveryAcknowledgement.class);
    private static final AtomicReferenceFieldUpdater<DeliveryAcknowledgement, Settlement> SETTLEMENT =
            AtomicReferenceFieldUpdater.newUpdater(DeliveryAcknowledgement.class, Settlement.class, "settlement");

    private final ConsumerSession session;
    private final long deliveryTag;
    private final SettlementQueue settlements;
    private final boolean autoAck;
    private volatile Settlement settlement;
    /** The next settlement in the {@link SettlementQueue}'s stack. */
    DeliveryAcknowledgement next;

    DeliveryAcknowledgement(ConsumerSession session, long deliveryTag, SettlementQueue settlements, boolean autoAck) {
        this.session = session;
        this.deliveryTag = deliveryTag;
        this.settlements = settlements;
        this.autoAck = autoAck;
    }

    @Override
    public void ack() {
        settle(Settlement.ACK);
    }

    @Override
    public void nack(boolean requeue) {
        settle(requeue ? Settlement.REQUEUE : Settlement.DISCARD);
    }

    @Override
    public boolean isSettled() {
        return settlement != null;
    }

    /** @return the channel generation the delivery arrived on */
    final ConsumerSession session() {
        return session;
    }

    /** @return the delivery tag on that channel */
    final long deliveryTag() {
        return deliveryTag;
    }

    /** @return the outcome, {@code null} before the delivery is settled */
    final Settlement settlement() {
        return settlement;
    }

    /**
     * Settles unless settled already.
     *
     * @param outcome the outcome
     * @return {@code true} when this call settled the delivery
     */
    final boolean settle(Settlement outcome) {
        if (!SETTLEMENT.compareAndSet(this, null, outcome)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Delivery " + deliveryTag + " was settled already; " + outcome + " ignored");
            }
            return false;
        }
        if (!autoAck) {
            settlements.add(this);
        }
        session.settledByWorker();
        return true;
    }

    @Override
    public String toString() {
        return "Acknowledgement[deliveryTag=" + deliveryTag + ", settled=" + isSettled() + "]";
    }
}
