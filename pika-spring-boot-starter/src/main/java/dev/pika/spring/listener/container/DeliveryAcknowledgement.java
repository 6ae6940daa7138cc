package dev.pika.spring.listener.container;

import dev.pika.spring.listener.Acknowledgement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link Acknowledgement} of one delivery: the first call hands the settlement to the container's
 * {@link SettlementQueue} (to the I/O thread); later calls are ignored. In {@code NONE} ack mode the
 * broker has already forgotten the message, and every call is ignored.
 *
 * <p>Thread-safe: any thread, never blocks.
 */
final class DeliveryAcknowledgement implements Acknowledgement {

    private static final Log LOG = LogFactory.getLog(DeliveryAcknowledgement.class);

    private final ConsumerSession session;
    private final long deliveryTag;
    private final SettlementQueue settlements;
    private final boolean autoAck;
    private final AtomicBoolean settled = new AtomicBoolean();

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
        return settled.get();
    }

    /**
     * Settles unless settled already.
     *
     * @param settlement the outcome
     * @return {@code true} when this call settled the delivery
     */
    boolean settle(Settlement settlement) {
        if (!settled.compareAndSet(false, true)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Delivery " + deliveryTag + " was settled already; " + settlement + " ignored");
            }
            return false;
        }
        if (!autoAck) {
            settlements.add(new PendingSettlement(session, deliveryTag, settlement));
        }
        session.settledByWorker();
        return true;
    }

    @Override
    public String toString() {
        return "Acknowledgement[deliveryTag=" + deliveryTag + ", settled=" + settled.get() + "]";
    }
}
