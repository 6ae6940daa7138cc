package dev.pika.spring.listener.container;

import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.PikaMessageListener;
import dev.pika.spring.listener.RejectMessageException;
import dev.pika.spring.listener.RequeueMessageException;
import dev.pika.spring.listener.observation.PikaListenerInvocation;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.spring.listener.retry.MessageRecoverer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.support.RetryTemplate;

/**
 * Runs one delivery through the listener on a worker thread and decides its outcome: the observer
 * around it, the retry template, the recoverer, and the {@link Settlement} the container sends when the
 * listener did not settle the delivery itself.
 *
 * <ul>
 *   <li>The listener returns: {@link Settlement#ACK} in {@code AUTO}; nothing in {@code MANUAL} (the
 *       listener settles, now or later).
 *   <li>It throws with a {@link RequeueMessageException} in the cause chain: {@link Settlement#REQUEUE}
 *       at once, no retry, no recoverer.
 *   <li>With a {@link RejectMessageException} in the cause chain: {@link Settlement#DISCARD} at once.
 *   <li>Anything else: the retry template calls it again; after the last attempt the recoverer runs. The
 *       recoverer returning means {@link Settlement#ACK}; throwing {@link RequeueMessageException} means
 *       requeue; anything else (its {@link RejectMessageException} included) means {@link
 *       Settlement#DISCARD}: a poison message never loops.
 * </ul>
 *
 * <p>Immutable and thread-safe: called concurrently by the container's workers.
 */
final class DeliveryProcessor {

    private static final Log LOG = LogFactory.getLog(DeliveryProcessor.class);

    private final String listenerId;
    private final String connectionName;
    private final PikaMessageListener listener;
    private final ContainerSettings settings;

    DeliveryProcessor(
            String listenerId, String connectionName, PikaMessageListener listener, ContainerSettings settings) {
        this.listenerId = listenerId;
        this.connectionName = connectionName;
        this.listener = listener;
        this.settings = settings;
    }

    /**
     * Processes the delivery and settles it when the listener did not.
     *
     * @param delivery the delivery
     * @param acknowledgement its acknowledgement
     */
    void process(PikaDelivery delivery, DeliveryAcknowledgement acknowledgement) {
        PikaListenerInvocationObserver.Invocation invocation = start(delivery);
        Throwable failure = null;
        Settlement outcome;
        try {
            invoke(delivery, acknowledgement);
            outcome = settings.ackMode() == AckMode.AUTO ? Settlement.ACK : null;
        } catch (Throwable error) {
            failure = error;
            outcome = acknowledgement.isSettled() ? null : failureOutcome(delivery, failure);
        } finally {
            end(invocation, failure);
        }
        if (outcome != null && settings.ackMode() != AckMode.NONE) {
            acknowledgement.settle(outcome);
        } else if (settings.ackMode() == AckMode.NONE) {
            acknowledgement.settle(Settlement.ACK); // counts the delivery as done; nothing is sent
        }
    }

    private PikaListenerInvocationObserver.Invocation start(PikaDelivery delivery) {
        if (settings.observer() == PikaListenerInvocationObserver.NOOP) {
            return PikaListenerInvocationObserver.Invocation.NOOP; // no invocation record per delivery
        }
        try {
            PikaListenerInvocationObserver.Invocation invocation = settings.observer()
                    .start(new PikaListenerInvocation(
                            listenerId,
                            delivery.queue(),
                            connectionName,
                            delivery.deliver(),
                            delivery.properties(),
                            delivery.body().length));
            return invocation == null ? PikaListenerInvocationObserver.Invocation.NOOP : invocation;
        } catch (RuntimeException e) {
            LOG.warn("Listener '" + listenerId + "': invocation observer failed to start; ignored", e);
            return PikaListenerInvocationObserver.Invocation.NOOP;
        }
    }

    private void end(PikaListenerInvocationObserver.Invocation invocation, Throwable failure) {
        try {
            if (failure == null) {
                invocation.success();
            } else {
                invocation.failure(failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("Listener '" + listenerId + "': invocation observer failed to end; ignored", e);
        }
    }

    private void invoke(PikaDelivery delivery, DeliveryAcknowledgement acknowledgement) throws Throwable {
        RetryTemplate retry = settings.retryTemplate();
        if (retry == null) {
            listener.onMessage(delivery, acknowledgement);
            return;
        }
        Throwable[] finalFailure = new Throwable[1];
        RetryCallback<Void, Throwable> attempt = context -> {
            try {
                listener.onMessage(delivery, acknowledgement);
            } catch (Throwable error) {
                if (acknowledgement.isSettled() || isFinal(error)) {
                    finalFailure[0] = error; // no further attempt, whatever the template says
                    return null;
                }
                throw error;
            }
            return null;
        };
        retry.execute(attempt);
        if (finalFailure[0] != null) {
            throw finalFailure[0];
        }
    }

    private Settlement failureOutcome(PikaDelivery delivery, Throwable failure) {
        if (has(failure, RequeueMessageException.class)) {
            LOG.debug("Listener '" + listenerId + "' asked to requeue " + delivery, failure);
            return Settlement.REQUEUE;
        }
        if (has(failure, RejectMessageException.class)) {
            LOG.warn("Listener '" + listenerId + "' rejected " + delivery + ": " + failure);
            return Settlement.DISCARD;
        }
        MessageRecoverer recoverer = settings.recoverer();
        try {
            recoverer.recover(delivery, listenerId, failure);
            return Settlement.ACK;
        } catch (Throwable recovery) {
            if (has(recovery, RequeueMessageException.class)) {
                return Settlement.REQUEUE;
            }
            if (!has(recovery, RejectMessageException.class)) {
                LOG.error(
                        "Listener '" + listenerId + "': recoverer " + recoverer + " failed on " + delivery
                                + "; rejecting it without requeue",
                        recovery);
            }
            return Settlement.DISCARD;
        }
    }

    private static boolean isFinal(Throwable error) {
        return has(error, RequeueMessageException.class) || has(error, RejectMessageException.class);
    }

    /**
     * Whether the type is in the cause chain.
     *
     * @param error the exception
     * @param type the type
     * @return {@code true} when {@code error} or one of its causes is a {@code type}
     */
    static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
