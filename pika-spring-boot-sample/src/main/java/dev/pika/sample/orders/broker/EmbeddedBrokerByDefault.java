package dev.pika.sample.orders.broker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample's broker choice, made once before the application context exists: when no broker is
 * given (none of {@code pika.url}, {@code pika.addresses}, {@code pika.host}, in any property source:
 * {@code application.yml}, the command line, or the environment as {@code PIKA_URL}...), it sets {@code
 * pika.embedded.enabled=true}, so the starter starts the embedded broker; when one is given, it does
 * nothing and the embedded broker is never started. An explicit {@code pika.embedded.enabled} always
 * wins. No reachability guessing: the choice depends on the configuration only.
 *
 * <p>This is the sample's policy, not the starter's: the starter never starts a broker unless told to.
 * The sample reports the choice in one log line ({@link BrokerChoiceReport}), so the starter's own line
 * about the embedded broker is turned down to WARN when the sample enabled it.
 *
 * <p>Registered in {@code META-INF/spring.factories}; runs after the configuration files are loaded.
 * Stateless and thread-safe.
 */
public class EmbeddedBrokerByDefault implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source this adds. */
    public static final String PROPERTY_SOURCE_NAME = "pikaSampleEmbeddedBrokerDefault";

    /** Set to {@code true} in that property source, so the report can say why the broker was started. */
    public static final String CHOSEN_BY_DEFAULT = "sample.broker.embedded-by-default";

    /** The properties that name a broker. */
    static final List<String> BROKER_PROPERTIES = List.of("pika.url", "pika.addresses", "pika.host");

    static final String EMBEDDED_ENABLED = "pika.embedded.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(EMBEDDED_ENABLED)
                || givenBroker(environment).isPresent()) {
            return;
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        PROPERTY_SOURCE_NAME,
                        Map.of(
                                EMBEDDED_ENABLED,
                                "true",
                                CHOSEN_BY_DEFAULT,
                                "true",
                                "logging.level.dev.pika.spring.autoconfigure.embedded.PikaEmbeddedBrokerAutoConfiguration",
                                "warn")));
    }

    /**
     * The first broker property that is set to something.
     *
     * @param environment the environment
     * @return its name, or empty when no broker is given
     */
    static Optional<String> givenBroker(ConfigurableEnvironment environment) {
        return BROKER_PROPERTIES.stream()
                .filter(name -> {
                    String value = environment.getProperty(name);
                    return value != null && !value.isBlank();
                })
                .findFirst();
    }

    /** After {@code ConfigDataEnvironmentPostProcessor}, so that {@code application.yml} is seen. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
