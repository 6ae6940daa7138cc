package dev.pika.spring.annotation;

import dev.pika.spring.autoconfigure.PikaProperties;
import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.adapter.InvocableListenerMethod;
import dev.pika.spring.listener.adapter.MethodListenerAdapter;
import dev.pika.spring.listener.adapter.PikaListenerErrorHandler;
import dev.pika.spring.listener.adapter.ReplyDestination;
import dev.pika.spring.listener.adapter.ReplySender;
import dev.pika.spring.listener.retry.MessageRecoverer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.retry.annotation.Recover;
import org.springframework.retry.annotation.Retryable;

/**
 * Builds the {@link PikaListenerEndpoint} of one {@link ListenerCandidate}: resolves and checks every
 * attribute, adapts the method(s), reads {@code @SendTo}, {@code @Retryable} and {@code @Recover}, and
 * looks up the beans the annotation names. Start-up only, one thread.
 *
 * <p><b>Retry, in order of precedence:</b> spring-retry's {@code @Retryable} on the method (or on the
 * class), then {@code @PikaListener(retry = ...)}, then the container factory's default ({@code
 * pika.listener.retry.*}). {@code @Recover} methods of the bean become the recoverer, falling back to
 * {@code retry.recoverer}'s bean, then the factory's. When the bean is also a spring-retry proxy ({@code
 * @EnableRetry}), the proxy already retries and recovers each call: the endpoint then gets one attempt
 * and the factory's recoverer, so a message is never retried twice over.
 */
final class ListenerEndpointFactory {

    private static final Log LOG = LogFactory.getLog(ListenerEndpointFactory.class);

    /**
     * An endpoint and what goes with it.
     *
     * @param candidate where it came from
     * @param endpoint the endpoint
     * @param containerFactory the factory it names, or {@code null} for the default
     * @param retrySpec its own retry, or {@code null} for the factory's
     */
    record Built(
            ListenerCandidate candidate,
            PikaListenerEndpoint endpoint,
            PikaListenerContainerFactory containerFactory,
            RetrySpec retrySpec) {}

    private final PikaListenerAnnotationBeanPostProcessor beans;
    private final AttributeResolver resolver;
    private final PikaProperties properties;
    private final MessageConverter converter;
    private final ReplySender replySender;
    private final RetrySpecs retrySpecs;

    ListenerEndpointFactory(
            PikaListenerAnnotationBeanPostProcessor beans,
            AttributeResolver resolver,
            PikaProperties properties,
            MessageConverter converter,
            ReplySender replySender) {
        this.beans = beans;
        this.resolver = resolver;
        this.properties = properties;
        this.converter = converter;
        this.replySender = replySender;
        this.retrySpecs = new RetrySpecs(resolver);
    }

    Built build(ListenerCandidate candidate) {
        PikaListener annotation = candidate.annotation();
        String where = candidate.where();
        String id = resolver.string(annotation.id(), "id", where).trim();
        if (id.isEmpty()) {
            id = candidate.defaultId();
        }
        List<String> queues = new ArrayList<>(resolver.queueNames(annotation.queues(), "queues", where));
        queues.addAll(candidate.declaredQueues());
        if (queues.isEmpty()) {
            throw new InvalidPikaListenerException(where + " names no queue: give queues = \"name\", queuesToDeclare ="
                    + " @Queue(\"name\") or bindings = @QueueBinding(...)");
        }
        Integer concurrency =
                resolver.integer(annotation.concurrency(), "concurrency", where, 1, "pika.listener.concurrency");
        Integer prefetch = resolver.integer(annotation.prefetch(), "prefetch", where, 0, "pika.listener.prefetch");
        AckMode ackMode = resolver.ackMode(annotation.ackMode(), where);
        Boolean autoStartup =
                resolver.bool(annotation.autoStartup(), "autoStartup", where, "pika.listener.auto-startup");
        String factoryName = resolver.string(annotation.containerFactory(), "containerFactory", where)
                .trim();
        PikaListenerContainerFactory factory = factoryName.isEmpty()
                ? null
                : beans.bean(factoryName, PikaListenerContainerFactory.class, "containerFactory", where);
        String errorHandlerName = resolver.string(annotation.errorHandler(), "errorHandler", where)
                .trim();
        PikaListenerErrorHandler errorHandler = errorHandlerName.isEmpty()
                ? null
                : beans.bean(errorHandlerName, PikaListenerErrorHandler.class, "errorHandler", where);

        List<InvocableListenerMethod> methods = new ArrayList<>();
        InvocableListenerMethod defaultHandler = null;
        if (candidate.classLevel()) {
            for (Method handler : candidate.handlers()) {
                InvocableListenerMethod invocable =
                        adapt(candidate.bean(), handler, where, InvocableListenerMethod::forListener);
                methods.add(invocable);
                PikaHandler marker = AnnotatedElementUtils.findMergedAnnotation(handler, PikaHandler.class);
                if (marker != null && marker.isDefault()) {
                    if (defaultHandler != null) {
                        throw new InvalidPikaListenerException(where + " has two default handlers, "
                                + defaultHandler.getDescription() + " and " + invocable.getDescription()
                                + ": mark only one @PikaHandler(isDefault = true)");
                    }
                    defaultHandler = invocable;
                }
                rejectOnHandler(handler, SendTo.class, "@SendTo", where);
                rejectOnHandler(handler, Retryable.class, "@Retryable", where);
            }
        } else {
            methods.add(adapt(candidate.bean(), candidate.method(), where, InvocableListenerMethod::forListener));
        }
        checkAcknowledgement(methods, ackMode, where);

        ReplyDestination sendTo = sendTo(candidate, where);
        if (sendTo != null && methods.stream().noneMatch(InvocableListenerMethod::returnsValue)) {
            throw new InvalidPikaListenerException(where + " has @SendTo(\"" + sendTo + "\") but returns nothing:"
                    + " return the reply, or remove @SendTo");
        }
        if (sendTo != null && replySender == null) {
            throw new InvalidPikaListenerException(where + " has @SendTo, but there is no PikaTemplate bean to publish"
                    + " the replies: define one (the starter does when a PikaConnectionFactory exists)");
        }
        MethodListenerAdapter.Builder builder = MethodListenerAdapter.builder(id, converter)
                .replySender(replySender)
                .sendTo(sendTo)
                .errorHandler(errorHandler);
        MethodListenerAdapter adapter;
        try {
            adapter = candidate.classLevel()
                    ? builder.forHandlers(methods, defaultHandler)
                    : builder.forMethod(methods.get(0));
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(where + ": " + e.getMessage(), e);
        }

        Retryable retryable = candidate.classLevel()
                ? AnnotatedElementUtils.findMergedAnnotation(candidate.targetClass(), Retryable.class)
                : retryable(candidate);
        boolean proxied = retryable != null && isRetryProxy(candidate.bean());
        RetrySpec retry;
        if (proxied) {
            LOG.info(where + ": the bean is a spring-retry proxy (@EnableRetry), which retries and recovers each call"
                    + " itself; the listener container calls it once per delivery so nothing is retried twice");
            retry = RetrySpec.SINGLE_ATTEMPT;
        } else if (retryable != null) {
            retry = retrySpecs.fromRetryable(retryable, where);
        } else {
            retry = retrySpecs.fromOverrides(
                    annotation.retry(), properties.getListener().getRetry(), where);
        }
        String recovererName = resolver.string(annotation.retry().recoverer(), "retry.recoverer", where)
                .trim();
        MessageRecoverer recoverer = recovererName.isEmpty()
                ? null
                : beans.bean(recovererName, MessageRecoverer.class, "retry.recoverer", where);
        if (!proxied) {
            List<InvocableListenerMethod> recoverMethods = recoverMethods(candidate, retryable, where);
            if (!recoverMethods.isEmpty()) {
                recoverer = new RecoverMethodRecoverer(recoverMethods, converter, adapter, recoverer);
            }
        }

        PikaListenerEndpoint endpoint;
        try {
            endpoint = PikaListenerEndpoint.builder(id)
                    .queues(queues)
                    .listener(adapter)
                    .description(where)
                    .concurrency(concurrency)
                    .prefetch(prefetch)
                    .ackMode(ackMode)
                    .autoStartup(autoStartup)
                    .retryTemplate(retry == null ? null : retry.toTemplate())
                    .recoverer(recoverer)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(where + ": " + e.getMessage(), e);
        }
        return new Built(candidate, endpoint, factory, retry);
    }

    private static InvocableListenerMethod adapt(
            Object bean,
            Method method,
            String where,
            java.util.function.BiFunction<Object, Method, InvocableListenerMethod> how) {
        try {
            return how.apply(bean, method);
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(where + ": " + e.getMessage(), e);
        }
    }

    private void checkAcknowledgement(List<InvocableListenerMethod> methods, AckMode declared, String where) {
        AckMode effective =
                declared != null ? declared : properties.getListener().getAckMode();
        String source = declared != null ? "ackMode = \"" + declared + "\"" : "pika.listener.ack-mode = " + effective;
        for (InvocableListenerMethod method : methods) {
            if (method.takesAcknowledgement() && effective != AckMode.MANUAL) {
                throw new InvalidPikaListenerException(where + ": " + method.getDescription() + " takes an"
                        + " Acknowledgement, which only MANUAL ack mode gives, but the listener's ack mode is "
                        + effective + " (" + source + "): set @PikaListener(ackMode = \"MANUAL\"), or remove the"
                        + " parameter");
            }
            if (!method.takesAcknowledgement() && effective == AckMode.MANUAL) {
                throw new InvalidPikaListenerException(where + ": the ack mode is MANUAL (" + source + "), but "
                        + method.getDescription() + " takes no Acknowledgement, so its deliveries would never be"
                        + " acknowledged: add an Acknowledgement parameter and call ack() or nack(requeue), or use"
                        + " ackMode = \"AUTO\"");
            }
        }
    }

    private ReplyDestination sendTo(ListenerCandidate candidate, String where) {
        SendTo sendTo = candidate.classLevel()
                ? null
                : AnnotatedElementUtils.findMergedAnnotation(candidate.method(), SendTo.class);
        if (sendTo == null) {
            sendTo = AnnotatedElementUtils.findMergedAnnotation(candidate.targetClass(), SendTo.class);
        }
        if (sendTo == null) {
            return null;
        }
        if (sendTo.value().length != 1) {
            throw new InvalidPikaListenerException(where + ": @SendTo needs exactly one destination"
                    + " (\"exchange/routingKey\" or a queue name), not " + List.of(sendTo.value()));
        }
        String value = resolver.string(sendTo.value()[0], "@SendTo", where).trim();
        try {
            return ReplyDestination.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(
                    where + ": @SendTo(\"" + sendTo.value()[0] + "\"): " + e.getMessage());
        }
    }

    private static Retryable retryable(ListenerCandidate candidate) {
        Retryable retryable = AnnotatedElementUtils.findMergedAnnotation(candidate.method(), Retryable.class);
        return retryable != null
                ? retryable
                : AnnotatedElementUtils.findMergedAnnotation(candidate.targetClass(), Retryable.class);
    }

    private List<InvocableListenerMethod> recoverMethods(
            ListenerCandidate candidate, Retryable retryable, String where) {
        String only = retryable == null ? "" : retryable.recover();
        List<InvocableListenerMethod> recoverers = new ArrayList<>();
        MethodIntrospector.selectMethods(candidate.targetClass(), (MethodIntrospector.MetadataLookup<Recover>)
                        method -> AnnotatedElementUtils.findMergedAnnotation(method, Recover.class))
                .keySet()
                .stream()
                .filter(method -> only.isEmpty() || method.getName().equals(only))
                .sorted((a, b) -> a.toGenericString().compareTo(b.toGenericString()))
                .forEach(method ->
                        recoverers.add(adapt(candidate.bean(), method, where, InvocableListenerMethod::forRecoverer)));
        if (!only.isEmpty() && recoverers.isEmpty()) {
            throw new InvalidPikaListenerException(where + ": @Retryable(recover = \"" + only + "\") names no @Recover"
                    + " method of " + candidate.targetClass().getSimpleName() + ": annotate that method with @Recover");
        }
        return recoverers;
    }

    private static void rejectOnHandler(
            Method handler, Class<? extends java.lang.annotation.Annotation> type, String name, String where) {
        if (AnnotatedElementUtils.hasAnnotation(handler, type)) {
            throw new InvalidPikaListenerException(where + ": " + name + " on @PikaHandler method "
                    + InvocableListenerMethod.describe(handler) + " is not read: a class-level listener has one "
                    + name + ", on its class");
        }
    }

    /** Whether spring-retry's {@code @EnableRetry} advice wraps the bean. */
    static boolean isRetryProxy(Object bean) {
        if (!(bean instanceof Advised advised)) {
            return false;
        }
        for (Advisor advisor : advised.getAdvisors()) {
            if (advisor.getClass().getName().startsWith("org.springframework.retry.")
                    || advisor.getAdvice().getClass().getName().startsWith("org.springframework.retry.")) {
                return true;
            }
        }
        return false;
    }
}
