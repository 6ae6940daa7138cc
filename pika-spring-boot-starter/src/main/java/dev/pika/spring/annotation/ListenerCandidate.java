package dev.pika.spring.annotation;

import dev.pika.spring.listener.adapter.InvocableListenerMethod;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.ClassUtils;

/**
 * One {@link PikaListener} annotation found on a bean: on a method, or on the class with its {@link
 * PikaHandler} methods. Start-up only; {@link #declaredQueues()} is filled once, by the processor.
 *
 * @param bean the bean (possibly a proxy)
 * @param beanName its name
 * @param targetClass the bean's class behind any proxy
 * @param method the annotated method, or {@code null} for a class-level listener
 * @param handlers the {@code @PikaHandler} methods of a class-level listener, else empty
 * @param annotation the annotation
 * @param index its position among the repeated annotations of the same element (0 for the first)
 * @param declaredQueues the names of the queues its {@code queuesToDeclare} and {@code bindings} declare
 */
record ListenerCandidate(
        Object bean,
        String beanName,
        Class<?> targetClass,
        Method method,
        List<Method> handlers,
        PikaListener annotation,
        int index,
        List<String> declaredQueues) {

    static ListenerCandidate forMethod(
            Object bean, String beanName, Class<?> targetClass, Method method, PikaListener annotation, int index) {
        return new ListenerCandidate(
                bean, beanName, targetClass, method, List.of(), annotation, index, new ArrayList<>());
    }

    static ListenerCandidate forClass(
            Object bean,
            String beanName,
            Class<?> targetClass,
            List<Method> handlers,
            PikaListener annotation,
            int index) {
        return new ListenerCandidate(
                bean, beanName, targetClass, null, List.copyOf(handlers), annotation, index, new ArrayList<>());
    }

    boolean classLevel() {
        return method == null;
    }

    /** The id when the annotation gives none: {@code beanName.method}, or {@code beanName} for a class. */
    String defaultId() {
        String base = classLevel() ? beanName : beanName + "." + method.getName();
        return index == 0 ? base : base + "#" + (index + 1);
    }

    /** How errors name the annotation: {@code @PikaListener on Orders.onOrder(Order) (bean 'orders')}. */
    String where() {
        String element = classLevel()
                ? "class " + ClassUtils.getUserClass(targetClass).getSimpleName()
                : InvocableListenerMethod.describe(method);
        return "@PikaListener" + (index == 0 ? "" : " #" + (index + 1)) + " on " + element + " (bean '" + beanName
                + "')";
    }
}
