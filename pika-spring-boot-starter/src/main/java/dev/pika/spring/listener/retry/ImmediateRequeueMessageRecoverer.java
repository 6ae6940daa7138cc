package dev.pika.spring.listener.retry;

import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RequeueMessageException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link MessageRecoverer} that puts the delivery back in the queue: the auto-configured recoverer when
 * {@code pika.listener.default-requeue-rejected=true}. A message that always fails then loops between
 * the queue and the listener; use it only where something else bounds that (a TTL, a delivery limit of a
 * quorum queue).
 *
 * <p>Stateless; thread-safe.
 */
public class ImmediateRequeueMessageRecoverer implements MessageRecoverer {

    private static final Log LOG = LogFactory.getLog(ImmediateRequeueMessageRecoverer.class);

    @Override
    public void recover(PikaDelivery delivery, String listenerId, Throwable cause) {
        LOG.warn(
                "Listener '" + listenerId + "' failed on " + delivery + "; requeueing it"
                        + " (pika.listener.default-requeue-rejected=true)",
                cause);
        throw new RequeueMessageException("listener '" + listenerId + "' failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "ImmediateRequeueMessageRecoverer";
    }
}
