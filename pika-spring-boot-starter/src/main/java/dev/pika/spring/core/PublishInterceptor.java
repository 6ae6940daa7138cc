package dev.pika.spring.core;

import java.util.concurrent.CompletableFuture;

/**
 * Wraps every send of a {@link PikaTemplate}: sees the message before it leaves (and may change its
 * properties, e.g. add trace headers) and the future of its outcome. The starter's publish observation
 * and publish-confirm timer are interceptors; add one with {@link
 * PikaTemplate#addPublishInterceptor(PublishInterceptor)} (from a {@code PikaTemplateCustomizer}).
 *
 * <pre>{@code
 * template.addPublishInterceptor((request, next) -> {
 *     long start = System.nanoTime();
 *     return next.publish(request).whenComplete((ok, error) -> record(System.nanoTime() - start, error));
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> {@link #intercept} runs on the sending thread, concurrently for concurrent
 * sends: implementations are thread-safe and must not block. The future returned by {@code next}
 * completes on the connection's I/O thread (or at once on the sending thread when the send fails
 * fast): stages attached to it must not block either. An interceptor returns the future of {@code
 * next} or one that completes with it (never leave it pending), and calls {@code next} at most once.
 */
@FunctionalInterface
public interface PublishInterceptor {

    /**
     * Intercepts one send.
     *
     * @param request the message
     * @param next the rest of the chain: the next interceptor, then the publish itself
     * @return the send's outcome, completed as the template's {@code send} describes
     */
    CompletableFuture<Void> intercept(PublishRequest request, Chain next);

    /** The rest of the interceptor chain. */
    @FunctionalInterface
    interface Chain {

        /**
         * Passes the request on.
         *
         * @param request the request, possibly changed
         * @return the send's outcome
         */
        CompletableFuture<Void> publish(PublishRequest request);
    }
}
