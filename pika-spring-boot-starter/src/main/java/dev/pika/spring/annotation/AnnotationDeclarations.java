package dev.pika.spring.annotation;

import dev.pika.spring.core.Binding;
import dev.pika.spring.core.Declarable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link PikaListener#queuesToDeclare()} and {@link PikaListener#bindings()} into the starter's
 * declarations ({@code dev.pika.spring.core.Queue}, {@code Exchange}, {@code Binding}), which {@code
 * PikaAdmin} declares whenever the connection opens, at start and after every recovery. Used at
 * start-up only, on one thread.
 */
final class AnnotationDeclarations {

    /**
     * What one annotation declares, and the queues its listener consumes.
     *
     * @param declarables exchanges, queues and bindings
     * @param queueNames the names of the declared queues, in order
     */
    record Result(List<Declarable> declarables, List<String> queueNames) {}

    private final AttributeResolver resolver;

    AnnotationDeclarations(AttributeResolver resolver) {
        this.resolver = resolver;
    }

    Result of(PikaListener listener, String where) {
        List<Declarable> declarables = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Queue queue : listener.queuesToDeclare()) {
            dev.pika.spring.core.Queue declared = queue(queue, "queuesToDeclare", where);
            declarables.add(declared);
            names.add(declared.name());
        }
        for (QueueBinding binding : listener.bindings()) {
            dev.pika.spring.core.Queue queue = queue(binding.value(), "bindings.value", where);
            dev.pika.spring.core.Exchange exchange = exchange(binding.exchange(), where);
            Map<String, Object> arguments = arguments(binding.arguments(), "bindings.arguments", where);
            declarables.add(exchange);
            declarables.add(queue);
            List<String> keys = new ArrayList<>();
            for (String key : binding.key()) {
                Object resolved = resolver.evaluate(key, "bindings.key", where);
                addKeys(keys, resolved, key, where);
            }
            if (keys.isEmpty()) {
                keys.add("");
            }
            for (String key : keys) {
                Binding.With with = Binding.bind(queue).to(exchange);
                arguments.forEach(with::argument);
                declarables.add(with.with(key));
            }
            names.add(queue.name());
        }
        return new Result(declarables, names);
    }

    private void addKeys(List<String> keys, Object resolved, String value, String where) {
        if (resolved instanceof String key) {
            keys.add(key);
        } else if (resolved instanceof Object[] array) {
            for (Object element : array) {
                addKeys(keys, element, value, where);
            }
        } else if (resolved instanceof Iterable<?> iterable) {
            for (Object element : iterable) {
                addKeys(keys, element, value, where);
            }
        } else {
            throw new InvalidPikaListenerException(where + ": bindings.key = \"" + value
                    + "\" resolves to "
                    + (resolved == null ? "null" : "a " + resolved.getClass().getName())
                    + ", not a routing key (String) or a list of them");
        }
    }

    private dev.pika.spring.core.Queue queue(Queue queue, String attribute, String where) {
        String name = resolver.string(queue.value(), attribute + ".value", where);
        boolean named = !name.isEmpty();
        Boolean durable = resolver.bool(queue.durable(), attribute + ".durable", where, named ? "true" : "false");
        Boolean exclusive = resolver.bool(queue.exclusive(), attribute + ".exclusive", where, named ? "false" : "true");
        Boolean autoDelete =
                resolver.bool(queue.autoDelete(), attribute + ".autoDelete", where, named ? "false" : "true");
        Map<String, Object> arguments = arguments(queue.arguments(), attribute + ".arguments", where);
        if (!named) {
            dev.pika.spring.core.Queue anonymous = dev.pika.spring.core.Queue.anonymous();
            name = anonymous.name();
        }
        try {
            return new dev.pika.spring.core.Queue(
                    name,
                    durable == null ? named : durable,
                    exclusive == null ? !named : exclusive,
                    autoDelete == null ? !named : autoDelete,
                    arguments);
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(where + ": " + attribute + ": " + e.getMessage(), e);
        }
    }

    private dev.pika.spring.core.Exchange exchange(Exchange exchange, String where) {
        String name = resolver.string(exchange.value(), "bindings.exchange.value", where);
        String type = resolver.string(exchange.type(), "bindings.exchange.type", where);
        Boolean durable = resolver.bool(exchange.durable(), "bindings.exchange.durable", where, "true");
        Boolean autoDelete = resolver.bool(exchange.autoDelete(), "bindings.exchange.autoDelete", where, "false");
        Map<String, Object> arguments = arguments(exchange.arguments(), "bindings.exchange.arguments", where);
        try {
            return new dev.pika.spring.core.Exchange(
                    name,
                    type.isEmpty() ? "direct" : type,
                    durable == null || durable,
                    autoDelete != null && autoDelete,
                    false,
                    arguments);
        } catch (IllegalArgumentException e) {
            throw new InvalidPikaListenerException(where + ": bindings.exchange: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> arguments(Argument[] arguments, String attribute, String where) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Argument argument : arguments) {
            String name = resolver.string(argument.name(), attribute + ".name", where);
            String value = resolver.string(argument.value(), attribute + ".value", where);
            String type = argument.type();
            Object typed = switch (type) {
                case "java.lang.String", "String" -> value;
                case "java.lang.Integer", "Integer" -> parse(value, Integer::valueOf, name, type, where);
                case "java.lang.Long", "Long" -> parse(value, Long::valueOf, name, type, where);
                case "java.lang.Boolean", "Boolean" -> {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        throw new InvalidPikaListenerException(where + ": argument '" + name + "' = \"" + value
                                + "\" is not a Boolean: give \"true\" or \"false\"");
                    }
                    yield Boolean.valueOf(value);
                }
                default ->
                    throw new InvalidPikaListenerException(where + ": argument '" + name
                            + "' has type \"" + type + "\"; allowed: java.lang.String, java.lang.Integer,"
                            + " java.lang.Long, java.lang.Boolean");
            };
            map.put(name, typed);
        }
        return map;
    }

    private static Object parse(
            String value, java.util.function.Function<String, Object> parser, String name, String type, String where) {
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidPikaListenerException(
                    where + ": argument '" + name + "' = \"" + value + "\" is not a " + type + ": give a whole number");
        }
    }
}
