package dev.pika.spring.listener.adapter;

import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.PikaMessageListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link PikaMessageListener} of a {@code @PikaListener}: calls the annotated method (or, for a
 * class-level listener, the {@code @PikaHandler} chosen by payload type) with arguments resolved from
 * the delivery, and publishes a non-null return value as the reply.
 *
 * <p><b>Failures.</b> A delivery whose arguments cannot be resolved (body not convertible to the payload
 * type, required header missing, no handler for the payload type) is logged and rejected with an {@link
 * UnresolvableArgumentException}, a {@code RejectMessageException}: never retried, dead-lettered when the
 * queue has a dead-letter exchange. An exception of the method goes to the {@link
 * PikaListenerErrorHandler} when there is one (its return value is the reply; it may rethrow), else
 * to the container unchanged: retry, then the recoverer.
 *
 * <p><b>Replies.</b> The request's {@code reply-to} wins (a caller waiting for the answer asked for it
 * there); else the fixed {@code @SendTo} destination; else the result is dropped with a WARN logged once
 * per listener. The reply is confirmed before the method's call counts as done (see {@link
 * ReplySender}).
 *
 * <p>Immutable and thread-safe: called concurrently by the container's workers.
 */
public final class MethodListenerAdapter implements PikaMessageListener {

    private static final Log LOG = LogFactory.getLog(MethodListenerAdapter.class);

    private final String listenerId;
    private final HandlerSelector selector;
    private final MessageConverter converter;
    private final ReplySender replySender;
    private final ReplyDestination sendTo;
    private final PikaListenerErrorHandler errorHandler;
    private final AtomicBoolean warnedNoDestination = new AtomicBoolean();

    private MethodListenerAdapter(Builder builder, HandlerSelector selector) {
        this.listenerId = builder.listenerId;
        this.selector = selector;
        this.converter = Objects.requireNonNull(builder.converter, "converter must not be null");
        this.replySender = builder.replySender;
        this.sendTo = builder.sendTo;
        this.errorHandler = builder.errorHandler;
    }

    /**
     * Starts a builder.
     *
     * @param listenerId the listener id (logs and errors)
     * @param converter converts payloads
     * @return the builder
     */
    public static Builder builder(String listenerId, MessageConverter converter) {
        return new Builder(listenerId, converter);
    }

    /** @return the methods this adapter may call */
    public List<InvocableListenerMethod> getMethods() {
        return selector.methods();
    }

    /** @return the fixed reply destination ({@code @SendTo}), or {@code null} */
    public ReplyDestination getSendTo() {
        return sendTo;
    }

    @Override
    public void onMessage(PikaDelivery delivery, Acknowledgement acknowledgement) throws Exception {
        ListenerInvocation invocation = new ListenerInvocation(delivery, acknowledgement, null, converter, listenerId);
        Object result;
        try {
            result = selector.select(invocation).invoke(invocation);
        } catch (UnresolvableArgumentException e) {
            throw e; // the method did not run: not for the error handler; the container logs the rejection
        } catch (Exception e) {
            if (errorHandler == null) {
                throw e;
            }
            result = errorHandler.handleError(delivery, e);
        }
        if (result != null) {
            reply(result, delivery);
        }
    }

    /**
     * Publishes a result as this listener's reply: to the request's {@code reply-to}, else to the {@code
     * @SendTo} destination, else drops it (WARN once). Also used for what a {@code @Recover} method or
     * the error handler returns.
     *
     * @param result the result, not null
     * @param request the request delivery
     * @throws ListenerReplyException when the reply cannot be published
     */
    public void reply(Object result, PikaDelivery request) {
        String replyTo = request.properties().replyTo();
        ReplyDestination destination =
                replyTo != null && !replyTo.isEmpty() ? ReplyDestination.replyTo(replyTo) : sendTo;
        if (destination == null) {
            if (warnedNoDestination.compareAndSet(false, true)) {
                LOG.warn("Listener '" + listenerId + "' returned a "
                        + result.getClass().getName()
                        + ", but the request has no reply-to property and the method no @SendTo: the result is"
                        + " dropped (logged once per listener). Return void, or add @SendTo(\"exchange/routingKey\")");
            }
            return;
        }
        if (replySender == null) {
            throw new ListenerReplyException(
                    "Listener '" + listenerId + "' returned a reply for " + destination
                            + ", but there is no PikaTemplate to publish it: define a PikaTemplate bean",
                    null);
        }
        replySender.send(result, request, destination, listenerId);
    }

    @Override
    public String toString() {
        return "MethodListenerAdapter[" + listenerId + " -> " + selector.methods() + "]";
    }

    /** Builds a {@link MethodListenerAdapter}. Not thread-safe. */
    public static final class Builder {
        private final String listenerId;
        private final MessageConverter converter;
        private ReplySender replySender;
        private ReplyDestination sendTo;
        private PikaListenerErrorHandler errorHandler;

        private Builder(String listenerId, MessageConverter converter) {
            this.listenerId = Objects.requireNonNull(listenerId, "listenerId must not be null");
            this.converter = converter;
        }

        /** @param replySender publishes replies, or {@code null} when none can be sent @return this builder */
        public Builder replySender(ReplySender replySender) {
            this.replySender = replySender;
            return this;
        }

        /** @param sendTo the {@code @SendTo} destination, or {@code null} @return this builder */
        public Builder sendTo(ReplyDestination sendTo) {
            this.sendTo = sendTo;
            return this;
        }

        /** @param errorHandler the error handler, or {@code null} @return this builder */
        public Builder errorHandler(PikaListenerErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * An adapter calling one method.
         *
         * @param method the method
         * @return the adapter
         */
        public MethodListenerAdapter forMethod(InvocableListenerMethod method) {
            return new MethodListenerAdapter(this, HandlerSelector.single(Objects.requireNonNull(method)));
        }

        /**
         * An adapter choosing among handlers by payload type.
         *
         * @param handlers the handlers, each with a distinct payload class
         * @param defaultHandler takes what no other handler matches, or {@code null}
         * @return the adapter
         * @throws IllegalArgumentException when two handlers take the same payload class, or a handler
         *     other than the default takes no payload
         */
        public MethodListenerAdapter forHandlers(
                List<InvocableListenerMethod> handlers, InvocableListenerMethod defaultHandler) {
            if (handlers.isEmpty()) {
                throw new IllegalArgumentException("listener '" + listenerId + "' has no @PikaHandler method");
            }
            java.util.Map<Class<?>, InvocableListenerMethod> byClass = new java.util.HashMap<>();
            for (InvocableListenerMethod handler : handlers) {
                Class<?> payload = handler.getPayloadClass().orElse(null);
                if (payload == null) {
                    if (handler != defaultHandler) {
                        throw new IllegalArgumentException("@PikaHandler " + handler.getDescription() + " of listener '"
                                + listenerId + "' takes no payload, so it can never be chosen by payload type:"
                                + " add the payload parameter, or mark it @PikaHandler(isDefault = true)");
                    }
                    continue;
                }
                InvocableListenerMethod clash = byClass.put(payload, handler);
                if (clash != null) {
                    throw new IllegalArgumentException("@PikaHandler methods " + clash.getDescription() + " and "
                            + handler.getDescription() + " of listener '" + listenerId + "' both take a "
                            + payload.getName() + ": keep one handler per payload type");
                }
            }
            return new MethodListenerAdapter(this, HandlerSelector.byPayloadType(handlers, defaultHandler));
        }
    }
}
