package dev.pika.spring.annotation;

import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RejectMessageException;
import dev.pika.spring.listener.adapter.InvocableListenerMethod;
import dev.pika.spring.listener.adapter.MethodListenerAdapter;
import dev.pika.spring.listener.retry.MessageRecoverer;
import java.util.List;

/**
 * The {@link MessageRecoverer} made of a listener bean's spring-retry {@code @Recover} methods: after the
 * last attempt, the method whose first parameter takes the failure (the exception or one of its causes;
 * the closest type wins) is called with the exception and the delivery's arguments, like the listener
 * method. Returning normally means recovered: the container acks the delivery, and a non-null return
 * value is published as the listener's reply. When no method takes the failure, the delegate recoverer
 * runs, or the delivery is rejected without requeue.
 *
 * <p>Immutable and thread-safe: called on the container's worker threads.
 */
final class RecoverMethodRecoverer implements MessageRecoverer {

    private final List<InvocableListenerMethod> methods;
    private final MessageConverter converter;
    private final MethodListenerAdapter adapter;
    private final MessageRecoverer delegate;

    RecoverMethodRecoverer(
            List<InvocableListenerMethod> methods,
            MessageConverter converter,
            MethodListenerAdapter adapter,
            MessageRecoverer delegate) {
        this.methods = List.copyOf(methods);
        this.converter = converter;
        this.adapter = adapter;
        this.delegate = delegate;
    }

    @Override
    public void recover(PikaDelivery delivery, String listenerId, Throwable cause) {
        InvocableListenerMethod best = null;
        Throwable bestFailure = null;
        int bestDistance = Integer.MAX_VALUE;
        for (InvocableListenerMethod method : methods) {
            Class<? extends Throwable> type = method.getFailureType().orElseThrow();
            for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (type.isInstance(t)) {
                    int distance = distance(t.getClass(), type);
                    if (distance < bestDistance) {
                        best = method;
                        bestFailure = t;
                        bestDistance = distance;
                    }
                    break;
                }
            }
        }
        if (best == null) {
            if (delegate != null) {
                delegate.recover(delivery, listenerId, cause);
                return;
            }
            throw new RejectMessageException(
                    "Listener '" + listenerId + "' failed on " + delivery + " and no @Recover method takes "
                            + cause.getClass().getName() + "; the message is rejected without requeue",
                    cause);
        }
        Object result;
        try {
            result = best.invoke(delivery, null, bestFailure, converter, listenerId);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RejectMessageException(
                    "@Recover method " + best.getDescription() + " of listener '" + listenerId + "' failed on "
                            + delivery + "; the message is rejected without requeue",
                    e);
        }
        if (result != null) {
            adapter.reply(result, delivery);
        }
    }

    private static int distance(Class<?> from, Class<?> to) {
        int distance = 0;
        for (Class<?> c = from; c != null && c != to; c = c.getSuperclass()) {
            distance++;
        }
        return distance;
    }

    @Override
    public String toString() {
        return "RecoverMethodRecoverer" + methods;
    }
}
