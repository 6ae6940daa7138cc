package dev.pika.spring.listener.adapter;

import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.converter.MessageConversionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the method that handles an invocation: the only one of a method-level listener, or for a
 * class-level listener the {@code @PikaHandler} whose payload type matches. Immutable and thread-safe.
 */
abstract sealed class HandlerSelector {

    abstract InvocableListenerMethod select(ListenerInvocation invocation);

    abstract List<InvocableListenerMethod> methods();

    static HandlerSelector single(InvocableListenerMethod method) {
        return new Single(method);
    }

    static HandlerSelector byPayloadType(List<InvocableListenerMethod> handlers, InvocableListenerMethod fallback) {
        return new ByPayloadType(handlers, fallback);
    }

    private static final class Single extends HandlerSelector {
        private final InvocableListenerMethod method;

        Single(InvocableListenerMethod method) {
            this.method = method;
        }

        @Override
        InvocableListenerMethod select(ListenerInvocation invocation) {
            return method;
        }

        @Override
        List<InvocableListenerMethod> methods() {
            return List.of(method);
        }
    }

    /**
     * Class-level listeners. First the type hint header ({@code __TypeId__}) when it names a handler's
     * payload class exactly; else the payload as the converter reads it untyped ({@code String} for
     * text, {@code byte[]}, a trusted JSON type, or maps) matched against the handlers' payload classes,
     * the most specific winning; else the default handler; else the delivery is rejected.
     */
    private static final class ByPayloadType extends HandlerSelector {
        private final List<InvocableListenerMethod> handlers;
        private final InvocableListenerMethod fallback;

        ByPayloadType(List<InvocableListenerMethod> handlers, InvocableListenerMethod fallback) {
            this.handlers = List.copyOf(handlers);
            this.fallback = fallback;
        }

        @Override
        List<InvocableListenerMethod> methods() {
            return handlers;
        }

        @Override
        InvocableListenerMethod select(ListenerInvocation invocation) {
            Map<String, Object> headers = invocation.delivery.properties().headers();
            Object hint = headers == null ? null : headers.get(JacksonJsonMessageConverter.TYPE_ID_HEADER);
            if (hint != null) {
                String className = hint instanceof byte[] bytes
                        ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                        : hint.toString();
                for (InvocableListenerMethod handler : handlers) {
                    if (handler.getPayloadClass()
                            .map(c -> c.getName().equals(className))
                            .orElse(false)) {
                        return handler;
                    }
                }
            }
            Object payload;
            try {
                payload = invocation.converter.fromMessage(invocation.delivery.message());
            } catch (MessageConversionException | IllegalArgumentException e) {
                if (fallback != null) {
                    return fallback;
                }
                throw noHandler(invocation, "its body cannot be read (" + e.getMessage() + ")", e);
            }
            invocation.preconverted(payload);
            InvocableListenerMethod best = null;
            Class<?> bestClass = null;
            for (InvocableListenerMethod handler : handlers) {
                Class<?> payloadClass = handler.getPayloadClass().orElse(null);
                if (payloadClass == null || payloadClass == Object.class || !payloadClass.isInstance(payload)) {
                    continue;
                }
                if (bestClass == null || bestClass.isAssignableFrom(payloadClass)) {
                    best = handler;
                    bestClass = payloadClass;
                }
            }
            if (best != null) {
                return best;
            }
            if (fallback != null) {
                return fallback;
            }
            throw noHandler(
                    invocation,
                    "no @PikaHandler takes a "
                            + (payload == null ? "null" : payload.getClass().getName()),
                    null);
        }

        private UnresolvableArgumentException noHandler(ListenerInvocation invocation, String why, Throwable cause) {
            List<String> types = new ArrayList<>();
            handlers.forEach(
                    h -> types.add(h.getPayloadClass().map(Class::getName).orElse("-")));
            return new UnresolvableArgumentException(
                    "Listener '" + invocation.listenerId + "' has no handler for " + invocation.delivery
                            + " (content-type "
                            + invocation.delivery.properties().contentType() + "): " + why
                            + "; handlers take " + types
                            + "; mark one @PikaHandler(isDefault = true) to take the rest. The message is"
                            + " rejected without retry",
                    cause);
        }
    }
}
