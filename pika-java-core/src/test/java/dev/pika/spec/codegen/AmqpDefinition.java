package dev.pika.spec.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the AMQP 0-9-1 JSON definition (RabbitMQ's {@code amqp-rabbitmq-0.9.1.json}) that the generator uses:
 * version, port, constants, and classes with their methods, arguments and content properties, with every domain
 * resolved to its wire type. Immutable records.
 *
 * @param major the protocol's major version
 * @param minor the protocol's minor version
 * @param revision the protocol's revision
 * @param port the default port
 * @param constants the constants, in definition order
 * @param classes the classes, in definition order
 */
record AmqpDefinition(int major, int minor, int revision, int port, List<Constant> constants, List<AmqpClass> classes) {

    /**
     * A constant.
     *
     * @param name e.g. {@code "FRAME-END"}
     * @param value its value
     * @param errorClass {@code "soft-error"}, {@code "hard-error"} or {@code null}
     */
    record Constant(String name, int value, String errorClass) {}

    /**
     * A class.
     *
     * @param name e.g. {@code "basic"}
     * @param id its class id
     * @param methods its methods, in definition order
     * @param properties its content properties (empty for classes without content)
     */
    record AmqpClass(String name, int id, List<AmqpMethod> methods, List<Field> properties) {}

    /**
     * A method.
     *
     * @param name e.g. {@code "get-ok"}
     * @param id its method id
     * @param synchronous whether the peer answers it
     * @param content whether content (header and body frames) follows it
     * @param arguments its arguments, in wire order
     */
    record AmqpMethod(String name, int id, boolean synchronous, boolean content, List<Field> arguments) {}

    /**
     * A method argument or content property.
     *
     * @param name e.g. {@code "delivery-tag"}
     * @param type the wire type: bit, octet, short, long, longlong, shortstr, longstr, table or timestamp
     * @param defaultValue the definition's default value, or {@code null}
     */
    record Field(String name, String type, Object defaultValue) {}

    /**
     * Reads the definition from parsed JSON.
     *
     * @param json the root object {@link Json#parse(String)} returned
     * @return the definition
     * @throws IllegalArgumentException when the JSON does not have the expected shape
     */
    @SuppressWarnings("unchecked")
    static AmqpDefinition from(Object json) {
        Map<String, Object> root = (Map<String, Object>) json;
        Map<String, String> domains = new HashMap<>();
        for (Object domain : (List<Object>) root.get("domains")) {
            List<Object> pair = (List<Object>) domain;
            domains.put((String) pair.get(0), (String) pair.get(1));
        }
        List<Constant> constants = new ArrayList<>();
        for (Object item : (List<Object>) root.get("constants")) {
            Map<String, Object> constant = (Map<String, Object>) item;
            constants.add(
                    new Constant((String) constant.get("name"), ((Long) constant.get("value")).intValue(), (String)
                            constant.get("class")));
        }
        List<AmqpClass> classes = new ArrayList<>();
        for (Object item : (List<Object>) root.get("classes")) {
            Map<String, Object> amqpClass = (Map<String, Object>) item;
            List<AmqpMethod> methods = new ArrayList<>();
            for (Object methodItem : (List<Object>) amqpClass.get("methods")) {
                Map<String, Object> method = (Map<String, Object>) methodItem;
                methods.add(new AmqpMethod(
                        (String) method.get("name"),
                        ((Long) method.get("id")).intValue(),
                        Boolean.TRUE.equals(method.get("synchronous")),
                        Boolean.TRUE.equals(method.get("content")),
                        fields((List<Object>) method.get("arguments"), domains)));
            }
            Object properties = amqpClass.get("properties");
            classes.add(new AmqpClass(
                    (String) amqpClass.get("name"),
                    ((Long) amqpClass.get("id")).intValue(),
                    List.copyOf(methods),
                    properties == null ? List.of() : fields((List<Object>) properties, domains)));
        }
        return new AmqpDefinition(
                ((Long) root.get("major-version")).intValue(),
                ((Long) root.get("minor-version")).intValue(),
                ((Long) root.get("revision")).intValue(),
                ((Long) root.get("port")).intValue(),
                List.copyOf(constants),
                List.copyOf(classes));
    }

    @SuppressWarnings("unchecked")
    private static List<Field> fields(List<Object> items, Map<String, String> domains) {
        List<Field> fields = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> field = (Map<String, Object>) item;
            String type = (String) field.get("type");
            if (type == null) {
                String domain = (String) field.get("domain");
                type = domains.get(domain);
                if (type == null) {
                    throw new IllegalArgumentException("Unknown domain '" + domain + "' for field " + field);
                }
            }
            fields.add(new Field((String) field.get("name"), type, field.get("default-value")));
        }
        return List.copyOf(fields);
    }
}
