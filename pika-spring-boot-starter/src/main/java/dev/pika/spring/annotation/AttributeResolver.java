package dev.pika.spring.annotation;

import dev.pika.spring.listener.AckMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * Resolves the string attributes of the listener annotations: property placeholders with the bean
 * factory's embedded value resolver, then SpEL ({@code #{...}}) with its {@link BeanExpressionResolver};
 * then parses numbers, booleans, ack modes and durations with errors that name the attribute, the
 * listener method, the value and what is allowed. Used at start-up only, on one thread.
 */
final class AttributeResolver {

    private final ConfigurableListableBeanFactory beanFactory;
    private final BeanExpressionContext expressionContext;

    AttributeResolver(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.expressionContext = new BeanExpressionContext(beanFactory, null);
    }

    /** The value after placeholders and SpEL: a String, or whatever the expression returns. */
    Object evaluate(String value, String attribute, String where) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            String resolved = beanFactory.resolveEmbeddedValue(value);
            BeanExpressionResolver expressions = beanFactory.getBeanExpressionResolver();
            return expressions == null || resolved == null
                    ? resolved
                    : expressions.evaluate(resolved, expressionContext);
        } catch (RuntimeException e) {
            throw new InvalidPikaListenerException(
                    where + ": " + attribute + " = \"" + value + "\" cannot be resolved: " + e.getMessage(), e);
        }
    }

    /** A string attribute; empty (or resolving to null/empty) gives {@code ""}. */
    String string(String value, String attribute, String where) {
        Object resolved = evaluate(value, attribute, where);
        if (resolved == null) {
            return "";
        }
        if (resolved instanceof String string) {
            return string;
        }
        if (resolved instanceof Number || resolved instanceof Boolean || resolved instanceof Enum<?>) {
            return resolved.toString();
        }
        throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value + "\" resolves to a "
                + resolved.getClass().getName() + ", not a String");
    }

    /**
     * Queue names: each value may resolve to a name, a {@code dev.pika.spring.core.Queue}, or an array
     * or collection of either.
     */
    List<String> queueNames(String[] values, String attribute, String where) {
        List<String> names = new ArrayList<>();
        for (String value : values) {
            addNames(names, evaluate(value, attribute, where), value, attribute, where);
        }
        return names;
    }

    private void addNames(List<String> names, Object resolved, String value, String attribute, String where) {
        if (resolved instanceof String name) {
            if (name.isBlank()) {
                throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value
                        + "\" resolves to a blank queue name: give a queue name");
            }
            names.add(name);
        } else if (resolved instanceof dev.pika.spring.core.Queue queue) {
            names.add(queue.name());
        } else if (resolved instanceof Object[] array) {
            for (Object element : array) {
                addNames(names, element, value, attribute, where);
            }
        } else if (resolved instanceof Collection<?> collection) {
            for (Object element : collection) {
                addNames(names, element, value, attribute, where);
            }
        } else {
            throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value + "\" resolves to "
                    + (resolved == null ? "null" : "a " + resolved.getClass().getName())
                    + "; a queue is named by a String, a dev.pika.spring.core.Queue, or an array or collection of"
                    + " them");
        }
    }

    /** An integer at least {@code min}; {@code null} when empty (the default applies). */
    Integer integer(String value, String attribute, String where, int min, String whenEmpty) {
        String text = string(value, attribute, where).trim();
        if (text.isEmpty()) {
            return null;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value
                    + "\" is not a whole number; give a number of at least " + min + " (such as \"" + Math.max(min, 4)
                    + "\"), or leave it empty for " + whenEmpty);
        }
        if (parsed < min) {
            throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value + "\" must be at least "
                    + min + ", or empty for " + whenEmpty);
        }
        return parsed;
    }

    /** A decimal at least {@code min}; {@code null} when empty. */
    Double decimal(String value, String attribute, String where, double min, String whenEmpty) {
        String text = string(value, attribute, where).trim();
        if (text.isEmpty()) {
            return null;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            parsed = Double.NaN;
        }
        if (Double.isNaN(parsed) || parsed < min) {
            throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value
                    + "\" must be a number of at least " + min + " (such as \"2.0\"), or empty for " + whenEmpty);
        }
        return parsed;
    }

    /** {@code true} or {@code false}; {@code null} when empty. */
    Boolean bool(String value, String attribute, String where, String whenEmpty) {
        String text = string(value, attribute, where).trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value
                + "\" must be \"true\" or \"false\", or empty for " + whenEmpty);
    }

    /** An ack mode name, any case; {@code null} when empty. */
    AckMode ackMode(String value, String where) {
        String text = string(value, "ackMode", where).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return AckMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(where + ": ackMode = \"" + value + "\" is not an ack mode; allowed: "
                    + Arrays.toString(AckMode.values()) + ", or empty for pika.listener.ack-mode");
        }
    }

    /** A positive duration ({@code 500ms}, {@code 2s}, ISO-8601, or plain milliseconds); {@code null} when empty. */
    Duration duration(String value, String attribute, String where, String whenEmpty) {
        String text = string(value, attribute, where).trim();
        if (text.isEmpty()) {
            return null;
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative()) {
            throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + value
                    + "\" is not a duration; give one such as \"500ms\", \"2s\" or \"PT1M\", or leave it empty for "
                    + whenEmpty);
        }
        return parsed;
    }
}
