package dev.pika.spring.listener.adapter;

import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A bean method that handles deliveries (a {@code @PikaListener} or {@code @PikaHandler} method) or
 * recovers them (a {@code @Recover} method, whose first parameter is the exception), with its
 * parameters resolved from each delivery: the converted payload, {@code @Header}, {@code @Headers},
 * {@link PikaDelivery}, {@code BasicProperties}, {@code Basic.Deliver}, {@code Message} and the {@link
 * Acknowledgement}. The signature is checked at construction, so a listener that cannot work fails the
 * application's start rather than its first message.
 *
 * <p>Immutable and thread-safe: {@link #invoke} is called concurrently by the container's workers. The
 * bean must be thread-safe itself when the listener's concurrency is above 1.
 */
public final class InvocableListenerMethod {

    private final Object bean;
    private final Method method;
    private final Method invocable;
    private final String description;
    private final ArgumentResolvers.Signature signature;

    private InvocableListenerMethod(Object bean, Method method, boolean recoverer) {
        this.bean = Objects.requireNonNull(bean, "bean must not be null");
        this.method = Objects.requireNonNull(method, "method must not be null");
        this.description = describe(method);
        try {
            this.invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(
                    description + " cannot be called on the bean, which is a proxy of "
                            + bean.getClass().getName()
                            + ": declare the method on an interface the proxy implements, or"
                            + " proxy the class (proxyTargetClass = true)",
                    e);
        }
        ReflectionUtils.makeAccessible(invocable);
        this.signature = ArgumentResolvers.of(method, description, recoverer);
        Class<?> returned = method.getReturnType();
        if (java.util.concurrent.CompletionStage.class.isAssignableFrom(returned)
                || java.util.concurrent.Future.class.isAssignableFrom(returned)) {
            throw new IllegalArgumentException(description + " returns a " + returned.getSimpleName()
                    + ", which listener methods do not support (the reply would be the future itself): return the"
                    + " result, blocking the worker thread until it is there");
        }
    }

    /**
     * A listener or handler method.
     *
     * @param bean the bean (possibly a proxy)
     * @param method the method, as declared on the bean's class
     * @return the invocable method
     * @throws IllegalArgumentException when the signature cannot be served, saying why
     */
    public static InvocableListenerMethod forListener(Object bean, Method method) {
        return new InvocableListenerMethod(bean, method, false);
    }

    /**
     * A {@code @Recover} method: the first parameter takes the failure.
     *
     * @param bean the bean (possibly a proxy)
     * @param method the method, as declared on the bean's class
     * @return the invocable method
     * @throws IllegalArgumentException when the signature cannot be served, saying why
     */
    public static InvocableListenerMethod forRecoverer(Object bean, Method method) {
        return new InvocableListenerMethod(bean, method, true);
    }

    /**
     * How logs and errors name a method: {@code SimpleClassName.method(ParamType, ...)}.
     *
     * @param method the method
     * @return the description
     */
    public static String describe(Method method) {
        return ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /** @return the method as declared */
    public Method getMethod() {
        return method;
    }

    /** @return the method's description for logs and errors */
    public String getDescription() {
        return description;
    }

    /** @return the generic type of the payload parameter, or empty when the method takes no payload */
    public Optional<Type> getPayloadType() {
        return Optional.ofNullable(signature.payloadType());
    }

    /** @return the raw class of the payload parameter, or empty when the method takes no payload */
    public Optional<Class<?>> getPayloadClass() {
        return getPayloadType().map(type -> ResolvableType.forType(type).toClass());
    }

    /** @return whether the method takes the {@link Acknowledgement} */
    public boolean takesAcknowledgement() {
        return signature.takesAcknowledgement();
    }

    /** @return whether the method returns a value (a reply) */
    public boolean returnsValue() {
        return method.getReturnType() != void.class && method.getReturnType() != Void.class;
    }

    /** @return for a recover method, the type of exception it takes; else empty */
    public Optional<Class<? extends Throwable>> getFailureType() {
        return Optional.ofNullable(signature.failureType());
    }

    /**
     * Calls the method with the delivery's arguments.
     *
     * @param delivery the delivery
     * @param acknowledgement the acknowledgement, or {@code null}
     * @param failure for a recover method, the failure; else {@code null}
     * @param converter converts the payload
     * @param listenerId names the listener in errors
     * @return what the method returned ({@code null} for {@code void})
     * @throws UnresolvableArgumentException when an argument cannot be resolved
     * @throws Exception what the method threw, unwrapped
     */
    public Object invoke(
            PikaDelivery delivery,
            Acknowledgement acknowledgement,
            Throwable failure,
            MessageConverter converter,
            String listenerId)
            throws Exception {
        return invoke(new ListenerInvocation(delivery, acknowledgement, failure, converter, listenerId));
    }

    Object invoke(ListenerInvocation invocation) throws Exception {
        ParameterResolver[] resolvers = signature.resolvers();
        Object[] args = new Object[resolvers.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = resolvers[i].resolve(invocation);
        }
        try {
            return invocable.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Cannot call " + description + " with " + Arrays.toString(argumentTypes(args)) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static String[] argumentTypes(Object[] args) {
        return Arrays.stream(args)
                .map(arg -> arg == null ? "null" : arg.getClass().getSimpleName())
                .toArray(String[]::new);
    }

    @Override
    public String toString() {
        return description;
    }
}
