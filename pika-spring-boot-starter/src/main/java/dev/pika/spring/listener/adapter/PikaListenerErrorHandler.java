package dev.pika.spring.listener.adapter;

import dev.pika.spring.listener.PikaDelivery;

/**
 * Handles an exception thrown by a {@code @PikaListener} method, named by {@code
 * @PikaListener(errorHandler = "beanName")}. It runs right after the failed call, before retry and
 * recovery see the failure: returning ends the failure (the delivery is acknowledged in {@code AUTO}
 * mode, and a non-null return value is published as the reply, like the method's own result);
 * rethrowing (the same exception or another) fails the delivery, which then goes through the
 * listener's retry and recovery.
 *
 * <pre>{@code
 * @Bean PikaListenerErrorHandler orderErrors() {
 *     return (delivery, exception) -> {
 *         if (exception instanceof OrderRejectedException rejected) {
 *             return new OrderResult("rejected", rejected.getMessage());   // the reply
 *         }
 *         throw exception;
 *     };
 * }
 * }</pre>
 *
 * <p>A delivery whose arguments cannot be resolved (conversion failure) never reaches the handler: the
 * method did not run, and the message is rejected.
 *
 * <p>Threading: called on the container's worker threads, concurrently; implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface PikaListenerErrorHandler {

    /**
     * Handles the failure.
     *
     * @param delivery the delivery the method failed on
     * @param exception what the method threw
     * @return the reply to publish, or {@code null} for none
     * @throws Exception to fail the delivery
     */
    Object handleError(PikaDelivery delivery, Throwable exception) throws Exception;
}
