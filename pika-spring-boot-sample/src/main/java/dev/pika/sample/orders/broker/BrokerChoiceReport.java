package dev.pika.sample.orders.broker;

import dev.pika.ConnectionParameters;
import dev.pika.embedded.EmbeddedBroker;
import dev.pika.spring.autoconfigure.PikaConnectionParametersFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * Logs one line saying which broker the sample uses and how to use the other one, after every bean
 * exists and before the connection opens (so it comes first, even when the broker cannot be reached):
 *
 * <pre>
 * Broker: embedded Apache Qpid Broker-J on amqp://127.0.0.1:41234/ (in memory, messages are lost at shutdown), started because no pika.url / PIKA_URL is set. To use RabbitMQ instead, set PIKA_URL=amqp://guest:guest@localhost:5672/%2F
 * Broker: amqp://localhost:5672/%2F as user guest, from pika.url (PIKA_URL); the embedded broker is not started (unset it to run on one)
 * </pre>
 *
 * <p>Passwords are never logged. Thread-safe; logs once, on the thread that refreshes the context.
 */
@Component
public class BrokerChoiceReport implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerChoiceReport.class);

    /** The URL shown to newcomers for a local RabbitMQ. */
    static final String RABBITMQ_EXAMPLE = "PIKA_URL=amqp://guest:guest@localhost:5672/%2F";

    private final ConfigurableEnvironment environment;
    private final ObjectProvider<EmbeddedBroker> embeddedBroker;
    private final ObjectProvider<PikaConnectionParametersFactory> parameters;

    /**
     * @param environment tells where the broker setting came from
     * @param embeddedBroker the embedded broker, when the starter started one
     * @param parameters the connection parameters, for the address when it did not
     */
    public BrokerChoiceReport(
            ConfigurableEnvironment environment,
            ObjectProvider<EmbeddedBroker> embeddedBroker,
            ObjectProvider<PikaConnectionParametersFactory> parameters) {
        this.environment = environment;
        this.embeddedBroker = embeddedBroker;
        this.parameters = parameters;
    }

    @Override
    public void afterSingletonsInstantiated() {
        LOG.info(describe());
    }

    /**
     * The line this logs.
     *
     * @return the broker in use and how to switch
     */
    public String describe() {
        EmbeddedBroker broker = embeddedBroker.getIfAvailable();
        if (broker != null) {
            String why = environment.getProperty(EmbeddedBrokerByDefault.CHOSEN_BY_DEFAULT, Boolean.class, false)
                    ? "started because no pika.url / PIKA_URL is set"
                    : "started because pika.embedded.enabled=true";
            return "Broker: embedded Apache Qpid Broker-J on amqp://" + broker.host() + ":" + broker.port()
                    + "/ (in memory, messages are lost at shutdown), " + why + ". To use RabbitMQ instead, set "
                    + RABBITMQ_EXAMPLE;
        }
        PikaConnectionParametersFactory factory = parameters.getIfAvailable();
        String addresses = factory == null ? "(no connection configured)" : describe(factory.create());
        return EmbeddedBrokerByDefault.givenBroker(environment)
                .map(name -> name.equals("pika.url") ? "pika.url (PIKA_URL)" : name)
                .map(source -> "Broker: " + addresses + ", from " + source
                        + "; the embedded broker is not started (remove " + source + " to run on one)")
                .orElse("Broker: " + addresses + ", the pika.* defaults, because pika.embedded.enabled=false"
                        + " (remove that setting to run on the embedded broker)");
    }

    private static String describe(List<ConnectionParameters> list) {
        String user = list.isEmpty() ? "" : userOf(list.get(0));
        return list.stream()
                        .map(p -> (p.sslOptions().isPresent() ? "amqps://" : "amqp://") + hostPort(p) + "/"
                                + encode(p.virtualHost()))
                        .collect(Collectors.joining(", "))
                + (user.isEmpty() ? "" : " as user " + user);
    }

    private static String hostPort(ConnectionParameters p) {
        return (p.host().indexOf(':') >= 0 ? "[" + p.host() + "]" : p.host()) + ":" + p.port();
    }

    private static String encode(String virtualHost) {
        return virtualHost.equals("/") ? "%2F" : virtualHost;
    }

    private static String userOf(ConnectionParameters p) {
        return p.credentials() instanceof dev.pika.PlainCredentials plain ? plain.username() : "";
    }
}
