package dev.pika.spring.listener.adapter;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spring.core.Message;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.ValueConstants;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link ParameterResolver}s of a method once, at start-up, and checks its signature: at most
 * one payload parameter, {@code @Headers} on a {@code Map}, no primitive optional header without a
 * default, no parameter kind the adapter does not support. Stateless.
 */
final class ArgumentResolvers {

    private static final ConversionService CONVERSION = DefaultConversionService.getSharedInstance();

    private ArgumentResolvers() {}

    /**
     * What the parameters of a method need.
     *
     * @param resolvers one per parameter
     * @param payloadType the generic type of the payload parameter, or {@code null} when there is none
     * @param takesAcknowledgement whether a parameter is the {@link Acknowledgement}
     * @param failureType the type of the leading exception parameter of a recover method, or {@code null}
     */
    record Signature(
            ParameterResolver[] resolvers,
            Type payloadType,
            boolean takesAcknowledgement,
            Class<? extends Throwable> failureType) {}

    /**
     * Reads the signature.
     *
     * @param method the method
     * @param describe how errors name the method
     * @param recoverer whether it is a recover method (leading exception parameter, no acknowledgement)
     * @throws IllegalArgumentException naming the parameter and the fix
     */
    static Signature of(Method method, String describe, boolean recoverer) {
        int count = method.getParameterCount();
        ParameterResolver[] resolvers = new ParameterResolver[count];
        Type payloadType = null;
        boolean ack = false;
        Class<? extends Throwable> failureType = null;
        for (int i = 0; i < count; i++) {
            MethodParameter parameter = new SynthesizingMethodParameter(method, i);
            Class<?> type = parameter.getParameterType();
            String where = "parameter " + (i + 1) + " (" + type.getSimpleName() + ") of " + describe;
            if (recoverer && i == 0) {
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException("The first parameter of @Recover method " + describe
                            + " must be the exception (Throwable or a subtype), not " + type.getName());
                }
                failureType = type.asSubclass(Throwable.class);
                resolvers[i] = invocation -> invocation.failure;
                continue;
            }
            Header header = parameter.getParameterAnnotation(Header.class);
            Headers headers = parameter.getParameterAnnotation(Headers.class);
            Payload payload = parameter.getParameterAnnotation(Payload.class);
            if (header != null) {
                resolvers[i] = header(parameter, header, where);
            } else if (headers != null) {
                if (!type.isAssignableFrom(Map.class)) {
                    throw new IllegalArgumentException(
                            "@Headers needs a Map<String, Object> parameter, but " + where + " is " + type.getName());
                }
                resolvers[i] = ListenerInvocation::headers;
            } else if (payload == null && type == PikaDelivery.class) {
                resolvers[i] = invocation -> invocation.delivery;
            } else if (payload == null && type == BasicProperties.class) {
                resolvers[i] = invocation -> invocation.delivery.properties();
            } else if (payload == null && type == Basic.Deliver.class) {
                resolvers[i] = invocation -> invocation.delivery.deliver();
            } else if (payload == null && type == Message.class) {
                resolvers[i] = invocation -> invocation.delivery.message();
            } else if (payload == null && type == Acknowledgement.class) {
                if (recoverer) {
                    throw new IllegalArgumentException("@Recover method " + describe + " cannot take the"
                            + " Acknowledgement: the container settles the delivery after recovery (return to ack,"
                            + " throw RejectMessageException or RequeueMessageException otherwise)");
                }
                ack = true;
                resolvers[i] = invocation -> invocation.acknowledgement;
            } else if (payload == null && type == org.springframework.messaging.Message.class) {
                throw new IllegalArgumentException(where + " is a spring-messaging Message, which @PikaListener"
                        + " methods do not take: take the PikaDelivery, or the @Payload and @Headers");
            } else {
                if (payloadType != null) {
                    throw new IllegalArgumentException(describe + " has more than one payload parameter (parameter "
                            + (i + 1) + " is the second): annotate the others with @Header or @Headers, or take"
                            + " PikaDelivery, BasicProperties, Basic.Deliver or Acknowledgement");
                }
                if (payload != null
                        && (StringUtils.hasText(payload.value()) || StringUtils.hasText(payload.expression()))) {
                    throw new IllegalArgumentException(
                            "@Payload expressions are not supported (" + where + "): take the whole payload");
                }
                payloadType = parameter.getGenericParameterType();
                boolean required = payload == null || payload.required();
                Type target = payloadType;
                resolvers[i] = invocation ->
                        !required && invocation.delivery.body().length == 0 ? null : invocation.payload(target);
            }
        }
        return new Signature(resolvers, payloadType, ack, failureType);
    }

    private static ParameterResolver header(MethodParameter parameter, Header header, String where) {
        String name = StringUtils.hasText(header.name()) ? header.name() : header.value();
        if (!StringUtils.hasText(name)) {
            throw new IllegalArgumentException("@Header needs the header's name: " + where);
        }
        boolean hasDefault = !ValueConstants.DEFAULT_NONE.equals(header.defaultValue());
        Class<?> type = parameter.getParameterType();
        if (type.isPrimitive() && !header.required() && !hasDefault) {
            throw new IllegalArgumentException("@Header(name = \"" + name + "\", required = false) on a primitive "
                    + where + " cannot receive null: use " + wrapperName(type) + ", or give a defaultValue");
        }
        TypeDescriptor target = new TypeDescriptor(parameter);
        boolean required = header.required();
        String defaultValue = hasDefault ? header.defaultValue() : null;
        return invocation -> {
            Object value = PikaHeaders.value(invocation.delivery, name);
            if (value == null) {
                value = defaultValue;
            }
            if (value == null) {
                if (required) {
                    throw new UnresolvableArgumentException(
                            "Listener '" + invocation.listenerId + "' needs header '" + name + "', which "
                                    + invocation.delivery + " does not have; the message is rejected without retry",
                            null);
                }
                return null;
            }
            return convertHeader(invocation, name, value, target);
        };
    }

    private static Object convertHeader(ListenerInvocation invocation, String name, Object value, TypeDescriptor to) {
        if (value instanceof byte[] bytes && to.getType() == String.class) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (to.getType().isInstance(value)) {
            return value;
        }
        try {
            return CONVERSION.convert(value, TypeDescriptor.forObject(value), to);
        } catch (ConversionException e) {
            throw new UnresolvableArgumentException(
                    "Listener '" + invocation.listenerId + "' cannot convert header '" + name + "' ("
                            + value.getClass().getSimpleName() + " " + value + ") to " + to
                            + "; the message is rejected without retry",
                    e);
        }
    }

    private static String wrapperName(Class<?> primitive) {
        return org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(primitive)
                .getSimpleName();
    }
}
