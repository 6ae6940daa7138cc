package dev.pika.testing.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The harness's configuration, read once from system properties and environment variables (a system
 * property wins over the environment variable of the same setting).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>system property</th><th>environment</th><th>meaning</th></tr>
 *   <tr><td>{@code pika.test.uri}</td><td>{@code PIKA_TEST_URI}</td><td>AMQP URI of the broker to use</td></tr>
 *   <tr><td>{@code pika.test.broker}</td><td>{@code PIKA_TEST_BROKER}</td>
 *       <td>{@code auto} (default), {@code uri}, {@code rabbitmq}, {@code testcontainers}, {@code qpid}</td></tr>
 *   <tr><td>{@code pika.test.localHost}</td><td>{@code PIKA_TEST_LOCAL_HOST}</td>
 *       <td>host the local-RabbitMQ probe tries (default {@code localhost})</td></tr>
 *   <tr><td>{@code pika.test.localPort}</td><td>{@code PIKA_TEST_LOCAL_PORT}</td>
 *       <td>port the local-RabbitMQ probe tries (default {@code 5672}); point it at a closed port to see the
 *       fallback without stopping the shared broker</td></tr>
 *   <tr><td>{@code pika.test.rabbitmqImage}</td><td>{@code PIKA_TEST_RABBITMQ_IMAGE}</td>
 *       <td>image for the Testcontainers option (default {@value #DEFAULT_RABBITMQ_IMAGE})</td></tr>
 *   <tr><td>{@code pika.test.reportDir}</td><td>{@code PIKA_TEST_REPORT_DIR}</td>
 *       <td>where {@value #REPORT_FILE_NAME} is written (default {@code target})</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerSettings {

    /** Default host of the local-RabbitMQ probe. */
    public static final String DEFAULT_LOCAL_HOST = "localhost";
    /** Default port of the local-RabbitMQ probe: AMQP's. */
    public static final int DEFAULT_LOCAL_PORT = 5672;
    /** Default image for the Testcontainers option. */
    public static final String DEFAULT_RABBITMQ_IMAGE = "rabbitmq:4-management";
    /** Default directory for the report file, relative to the working directory (the module's base dir under Maven). */
    public static final String DEFAULT_REPORT_DIR = "target";
    /** The file, in the report directory, that records the broker line. */
    public static final String REPORT_FILE_NAME = "pika-test-broker.txt";
    /** Bound on each probe's TCP connect and on its AMQP handshake. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final Setting uri;
    private final Setting choiceSetting;
    private final BrokerChoice choice;
    private final String localHost;
    private final int localPort;
    private final String rabbitMqImage;
    private final Path reportDir;

    private BrokerSettings(Properties properties, Map<String, String> environment) {
        this.uri = Setting.read("pika.test.uri", "PIKA_TEST_URI", properties, environment);
        this.choiceSetting = Setting.read("pika.test.broker", "PIKA_TEST_BROKER", properties, environment);
        this.choice = BrokerChoice.parse(choiceSetting.value(), choiceSetting.source());
        Setting host = Setting.read("pika.test.localHost", "PIKA_TEST_LOCAL_HOST", properties, environment);
        this.localHost = host.isSet() ? host.value().trim() : DEFAULT_LOCAL_HOST;
        this.localPort =
                parsePort(Setting.read("pika.test.localPort", "PIKA_TEST_LOCAL_PORT", properties, environment));
        Setting image = Setting.read("pika.test.rabbitmqImage", "PIKA_TEST_RABBITMQ_IMAGE", properties, environment);
        this.rabbitMqImage = image.isSet() ? image.value().trim() : DEFAULT_RABBITMQ_IMAGE;
        Setting report = Setting.read("pika.test.reportDir", "PIKA_TEST_REPORT_DIR", properties, environment);
        this.reportDir = Path.of(report.isSet() ? report.value().trim() : DEFAULT_REPORT_DIR);
        if (choice == BrokerChoice.URI && !uri.isSet()) {
            throw new IllegalArgumentException(
                    choiceSetting.source()
                            + "=uri needs the broker's URI: set PIKA_TEST_URI (or -Dpika.test.uri), e.g. amqp://guest:guest@host:5672/%2F");
        }
    }

    /** Reads the settings of this JVM: {@link System#getProperties()} over {@link System#getenv()}. */
    public static BrokerSettings fromSystem() {
        return from(System.getProperties(), System.getenv());
    }

    /**
     * Reads the settings from the given sources (for tests of the harness itself).
     *
     * @throws IllegalArgumentException when a value is malformed; the message names the setting and the fix
     */
    public static BrokerSettings from(Properties properties, Map<String, String> environment) {
        Objects.requireNonNull(properties, "properties must not be null");
        Objects.requireNonNull(environment, "environment must not be null");
        return new BrokerSettings(properties, environment);
    }

    private static int parsePort(Setting setting) {
        if (!setting.isSet()) {
            return DEFAULT_LOCAL_PORT;
        }
        try {
            int port = Integer.parseInt(setting.value().trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                setting.source() + "=" + setting.value() + " is not a TCP port; use a number within 1..65535");
    }

    /** The broker URI, or {@code null} when PIKA_TEST_URI is unset. */
    public String uri() {
        return uri.isSet() ? uri.value().trim() : null;
    }

    /** Where the URI came from: {@code "PIKA_TEST_URI"} or {@code "pika.test.uri"}. */
    public String uriSource() {
        return uri.source();
    }

    /** The configured choice ({@link BrokerChoice#AUTO} unless forced). */
    public BrokerChoice choice() {
        return choice;
    }

    /** Where the choice came from, e.g. {@code "PIKA_TEST_BROKER"} or {@code "pika.test.broker"}. */
    public String choiceSource() {
        return choiceSetting.source();
    }

    /** Host the local-RabbitMQ probe tries. */
    public String localHost() {
        return localHost;
    }

    /** Port the local-RabbitMQ probe tries. */
    public int localPort() {
        return localPort;
    }

    /** Docker image of the Testcontainers option. */
    public String rabbitMqImage() {
        return rabbitMqImage;
    }

    /** Directory that receives {@value #REPORT_FILE_NAME}. */
    public Path reportDir() {
        return reportDir;
    }

    /** One setting's value and the name it was read from. */
    private record Setting(String value, String source) {
        static Setting read(String property, String variable, Properties properties, Map<String, String> environment) {
            String fromProperty = properties.getProperty(property);
            if (fromProperty != null && !fromProperty.isBlank()) {
                return new Setting(fromProperty, property);
            }
            String fromEnvironment = environment.get(variable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return new Setting(fromEnvironment, variable);
            }
            return new Setting(null, variable);
        }

        boolean isSet() {
            return value != null;
        }
    }
}
