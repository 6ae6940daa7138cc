package dev.pika.spring.listener;

/**
 * What a listener container calls for each delivery, on one of its worker threads (never on the I/O
 * thread). The {@code @PikaListener} support adapts annotated methods to this interface; applications may
 * implement it directly and register a {@link PikaListenerEndpoint}.
 *
 * <p>Outcome, in {@link AckMode#AUTO}: returning normally acks the delivery; throwing starts the retry
 * policy of the endpoint and, after the last attempt, its {@link
 * dev.pika.spring.listener.retry.MessageRecoverer}. A {@link RequeueMessageException} requeues at once
 * (no retry), a {@link RejectMessageException} rejects at once without requeue (no retry). In {@link
 * AckMode#MANUAL} the listener settles through the {@link Acknowledgement}; in {@link AckMode#NONE} the
 * broker has already forgotten the message.
 *
 * <p>Threading: implementations are called concurrently from up to {@code concurrency} worker threads.
 */
@FunctionalInterface
public interface PikaMessageListener {

    /**
     * Processes one delivery.
     *
     * @param delivery the delivery
     * @param acknowledgement settles the delivery in {@link AckMode#MANUAL}; in the other modes calling it
     *     is allowed but the container's own settlement is then skipped
     * @throws Exception any failure, handled as described on the type
     */
    void onMessage(PikaDelivery delivery, Acknowledgement acknowledgement) throws Exception;
}
