package dev.pika.spring.listener.retry;

import dev.pika.spring.listener.PikaDelivery;

/**
 * Decides what happens to a delivery after its listener failed on the last attempt of its retry policy
 * (or on the only one when retry is off). Returning normally means the message was dealt with (for
 * example republished elsewhere) and the container acks the original; throwing {@link
 * dev.pika.spring.listener.RejectMessageException} makes the container reject it without requeue (the
 * default recoverer does that, so the broker dead-letters it); throwing {@link
 * dev.pika.spring.listener.RequeueMessageException} requeues it. Any other exception is logged and the
 * delivery is rejected without requeue: a poison message never loops.
 *
 * <p>Threading: called on the worker thread that ran the last attempt; implementations must be
 * thread-safe (one instance serves all workers).
 */
@FunctionalInterface
public interface MessageRecoverer {

    /**
     * Deals with a delivery whose processing failed for good.
     *
     * @param delivery the delivery
     * @param listenerId the id of the listener that failed
     * @param cause the last failure
     */
    void recover(PikaDelivery delivery, String listenerId, Throwable cause);
}
