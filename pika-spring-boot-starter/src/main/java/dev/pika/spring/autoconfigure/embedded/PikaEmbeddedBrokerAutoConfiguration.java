package dev.pika.spring.autoconfigure.embedded;

import dev.pika.embedded.EmbeddedBroker;
import dev.pika.embedded.EmbeddedBrokerException;
import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException;
import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException.Violation;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionDetails;
import dev.pika.spring.autoconfigure.PikaProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts an embedded AMQP broker ({@link EmbeddedBroker}: Apache Qpid Broker-J, in memory) inside the
 * application and points the connection details at it. Opt-in and never on by default: active only
 * when {@code pika.embedded.enabled=true} and {@code dev.pika:pika-embedded-broker} is on the classpath
 * (enabled without it fails at start-up), and only when no other {@link PikaConnectionDetails} bean
 * (such as a Testcontainers {@code @ServiceConnection}) is defined. It refuses {@code pika.url} and
 * {@code pika.addresses}: the choice of broker is explicit.
 *
 * <p>The broker listens on 127.0.0.1, on {@code pika.embedded.port} (0, the default, picks a free
 * port), with {@code pika.username}, {@code pika.password} and {@code pika.virtual-host}. It starts
 * before anything that needs the connection details (the connection factory depends on them), logs
 * one line saying so, and stops when the context closes, after the beans that use it.
 *
 * <p>Runs before {@link PikaAutoConfiguration} so that its connection details replace the ones read
 * from properties. Spring instantiates this class once, at start-up; it holds no state.
 */
@AutoConfiguration(before = PikaAutoConfiguration.class)
@ConditionalOnClass(EmbeddedBroker.class)
@ConditionalOnBooleanProperty("pika.embedded.enabled")
@ConditionalOnMissingBean(PikaConnectionDetails.class)
@EnableConfigurationProperties(PikaProperties.class)
public class PikaEmbeddedBrokerAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PikaEmbeddedBrokerAutoConfiguration.class);

    /**
     * The embedded broker, started.
     *
     * @param properties the properties (validated: no URL or addresses)
     * @return the running broker
     */
    @Bean(destroyMethod = "stop")
    @ConditionalOnMissingBean
    public EmbeddedBroker pikaEmbeddedBroker(PikaProperties properties) {
        EmbeddedBroker.Builder builder = EmbeddedBroker.builder();
        List<Violation> violations = new ArrayList<>();
        apply(violations, "pika.embedded.port", properties.getEmbedded().getPort(), builder::port);
        apply(violations, "pika.username", properties.getUsername(), builder::username);
        apply(violations, "pika.password", properties.getPassword(), builder::password);
        apply(violations, "pika.virtual-host", properties.getVirtualHost(), builder::virtualHost);
        if (!violations.isEmpty()) {
            throw new InvalidPikaPropertiesException(violations);
        }
        EmbeddedBroker broker = builder.build();
        try {
            broker.start();
        } catch (EmbeddedBrokerException e) {
            if (properties.getEmbedded().getPort() == 0) {
                throw e;
            }
            throw new InvalidPikaPropertiesException(
                    List.of(new Violation(
                            "pika.embedded.port",
                            String.valueOf(properties.getEmbedded().getPort()),
                            e.getMessage(),
                            "Set pika.embedded.port to a free port, or remove it to pick one.")),
                    e);
        }
        LOG.info(
                "Started the embedded AMQP broker (Apache Qpid Broker-J, in memory: messages are lost at shutdown)"
                        + " on amqp://{}:{}/ because pika.embedded.enabled=true; to use RabbitMQ instead, remove"
                        + " pika.embedded.enabled and set pika.url (e.g. PIKA_URL=amqp://guest:guest@localhost:5672/%2F)",
                broker.host(), broker.port());
        return broker;
    }

    /**
     * Connection details pointing at the embedded broker.
     *
     * @param broker the broker
     * @return the details
     */
    @Bean
    @ConditionalOnMissingBean(PikaConnectionDetails.class)
    public EmbeddedBrokerConnectionDetails pikaEmbeddedBrokerConnectionDetails(EmbeddedBroker broker) {
        broker.start();
        return new EmbeddedBrokerConnectionDetails(broker);
    }

    private static <T> void apply(List<Violation> violations, String property, T value, Consumer<T> setter) {
        try {
            setter.accept(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            String shown = property.equals("pika.password") ? "******" : String.valueOf(value);
            violations.add(new Violation(
                    property, shown, String.valueOf(e.getMessage()), "Choose a value the embedded broker accepts."));
        }
    }
}
