package dev.pika.spring.listener.retry;

import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RejectMessageException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default {@link MessageRecoverer}: logs the failure and rejects the delivery without requeue, so the
 * broker dead-letters it (queue argument {@code x-dead-letter-exchange}) or drops it. A poison message
 * never loops.
 *
 * <p>Stateless; thread-safe.
 */
public class RejectAndDontRequeueRecoverer implements MessageRecoverer {

    private static final Log LOG = LogFactory.getLog(RejectAndDontRequeueRecoverer.class);

    @Override
    public void recover(PikaDelivery delivery, String listenerId, Throwable cause) {
        LOG.warn(
                "Listener '" + listenerId + "' failed for good on " + delivery
                        + "; rejecting it without requeue (dead-lettered when the queue has a dead-letter exchange)",
                cause);
        throw new RejectMessageException("listener '" + listenerId + "' failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "RejectAndDontRequeueRecoverer";
    }
}
