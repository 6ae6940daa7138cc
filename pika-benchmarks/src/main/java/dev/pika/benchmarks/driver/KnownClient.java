package dev.pika.benchmarks.driver;

import java.util.Optional;

/**
 * The clients the comparison is meant to cover, with the class each one needs from the project: a name listed here
 * with no registered driver is reported as unavailable, with the reason, instead of silently left out.
 *
 * <p>Immutable.
 */
public enum KnownClient {

    /** The RabbitMQ Java client with its classic blocking socket I/O: the baseline of every ratio. */
    AMQP_CLIENT(
            "amqp-client", "com.rabbitmq.client.ConnectionFactory", "the RabbitMQ Java client, blocking socket I/O"),

    /** The RabbitMQ Java client on its Netty transport ({@code ConnectionFactory.netty()}, 5.27 and later). */
    AMQP_CLIENT_NETTY(
            "amqp-client-netty",
            "com.rabbitmq.client.ConnectionFactory$NettyConfiguration",
            "the RabbitMQ Java client, Netty transport"),

    /** pika-java's asynchronous {@code SelectConnection} on its {@code IoLoop}. */
    PIKA_SELECT("pika-select", "dev.pika.adapters.select.SelectConnection", "pika-java SelectConnection (IoLoop)"),

    /**
     * pika-java's {@code SelectConnection} with its producers publishing on the {@code IoLoop} from its callbacks, as
     * Pika's asynchronous publisher example does (no hand-off from a producer thread per message or batch).
     */
    PIKA_SELECT_LOOP(
            "pika-select-loop",
            "dev.pika.adapters.select.SelectConnection",
            "pika-java SelectConnection (IoLoop), publishing on the loop"),

    /** pika-java's procedural {@code BlockingConnection}. */
    PIKA_BLOCKING("pika-blocking", "dev.pika.adapters.blocking.BlockingConnection", "pika-java BlockingConnection"),

    /** The Spring Boot starter's {@code @PikaListener} container, consuming through its worker pool. */
    PIKA_LISTENER(
            "pika-listener",
            "dev.pika.spring.listener.container.DefaultPikaListenerContainer",
            "pika-spring-boot-starter listener container");

    /** The name every ratio is relative to. */
    public static final String BASELINE = "amqp-client";

    private final String clientName;
    private final String requiredClass;
    private final String description;

    KnownClient(String clientName, String requiredClass, String description) {
        this.clientName = clientName;
        this.requiredClass = requiredClass;
        this.description = description;
    }

    /**
     * The {@code --client} value.
     *
     * @return the name
     */
    public String clientName() {
        return clientName;
    }

    /**
     * A class the driver cannot exist without (the adapter it drives).
     *
     * @return the fully qualified class name
     */
    public String requiredClass() {
        return requiredClass;
    }

    /**
     * What the client is.
     *
     * @return a short description
     */
    public String description() {
        return description;
    }

    /**
     * Looks a client up by name.
     *
     * @param name a {@code --client} value
     * @return the known client, or empty for a name not listed here
     */
    public static Optional<KnownClient> byName(String name) {
        for (KnownClient client : values()) {
            if (client.clientName.equals(name)) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /**
     * Why the client has no driver, in one sentence for the console.
     *
     * @param classLoader where to look for {@link #requiredClass()}
     * @return the reason
     */
    public String unavailableReason(ClassLoader classLoader) {
        if (!isPresent(requiredClass, classLoader)) {
            return "its adapter " + requiredClass + " is not on the class path yet, so no driver is registered";
        }
        return requiredClass + " exists but no driver named '" + clientName + "' is registered: implement "
                + ClientDriver.class.getName() + " and list it in META-INF/services/" + ClientDriver.class.getName();
    }

    private static boolean isPresent(String className, ClassLoader classLoader) {
        try {
            Class.forName(className, false, classLoader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
