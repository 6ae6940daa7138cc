package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;
import java.time.Duration;
import java.util.List;
import org.springframework.util.ClassUtils;

/**
 * Checks {@link PikaProperties} once bound, before any bean uses them: ranges, and combinations that
 * cannot both be meant (a URL and an address list, TLS off with an SSL bundle, a prefetch below the
 * concurrency, the embedded broker together with a URL...). Connection settings are checked by
 * applying them to a {@link ConnectionParameters.Builder}, so the rules are the core's own; its
 * messages are reported under the property's name.
 *
 * <p>What needs more than the properties (parsing AMQP URLs, resolving SSL bundles, a {@code
 * PikaConnectionDetails} bean) is checked when the connection parameters are built.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class PikaPropertiesValidator {

    /** The class that {@code pika.embedded.enabled} needs. */
    static final String EMBEDDED_BROKER_CLASS = "dev.pika.embedded.EmbeddedBroker";

    private PikaPropertiesValidator() {}

    /**
     * Checks the properties.
     *
     * @param properties the bound properties
     * @throws InvalidPikaPropertiesException listing every problem
     */
    static void validate(PikaProperties properties) {
        Violations violations = new Violations();
        checkBroker(properties, violations);
        checkSsl(properties.getSsl(), violations);
        ConnectionSettings.apply(properties, ConnectionParameters.builder(), null, null, null, violations);
        checkRecovery(properties.getRecovery(), violations);
        checkPublisher(properties.getPublisher(), violations);
        checkListener(properties.getListener(), violations);
        positive(
                violations,
                "pika.declarations.timeout",
                properties.getDeclarations().getTimeout(),
                "30s");
        checkEmbedded(properties, violations);
        checkMetrics(properties.getMetrics(), violations);
        violations.throwIfAny();
    }

    private static void checkMetrics(PikaProperties.Metrics metrics, Violations violations) {
        String prefix = metrics.getPrefix();
        if (prefix == null || prefix.isBlank()) {
            violations.add(
                    "pika.metrics.prefix",
                    "'" + prefix + "'",
                    "is blank",
                    "Set pika.metrics.prefix to the first part of the meter names, e.g. pika or rabbitmq.");
        } else if (prefix.startsWith(".")
                || prefix.endsWith(".")
                || prefix.chars().anyMatch(Character::isWhitespace)) {
            violations.add(
                    "pika.metrics.prefix",
                    "'" + prefix + "'",
                    "starts or ends with a dot or contains white space",
                    "Give the prefix without the separating dot, e.g. pika (meters are named pika.published...).");
        }
    }

    private static void checkBroker(PikaProperties properties, Violations violations) {
        boolean hasUrl = properties.getUrl() != null && !properties.getUrl().isBlank();
        if (hasUrl && !properties.getAddresses().isEmpty()) {
            violations.add(
                    "pika.addresses",
                    properties.getAddresses().stream().map(Violations::maskUrl).toList(),
                    "is set together with pika.url",
                    "Set pika.url for one broker or pika.addresses for several, not both.");
        }
        List<String> addresses = properties.getAddresses();
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i) == null || addresses.get(i).isBlank()) {
                violations.add(
                        "pika.addresses[" + i + "]",
                        "''",
                        "is blank",
                        "Remove the empty entry (look for a doubled or trailing comma).");
            }
        }
        if (!properties.hasUrlOrAddresses()) {
            if (properties.getHost() == null || properties.getHost().isBlank()) {
                violations.add(
                        "pika.host",
                        "'" + properties.getHost() + "'",
                        "is blank",
                        "Set pika.host to the broker's host name, or remove it for localhost.");
            }
            Integer port = properties.getPort();
            if (port != null && (port < 1 || port > 65535)) {
                violations.add(
                        "pika.port",
                        port,
                        "must be between 1 and 65535",
                        "Set pika.port to the broker's AMQP port, or remove it for 5672 (5671 with TLS).");
            }
        }
        if (properties.getVirtualHost() == null) {
            violations.add("pika.virtual-host", null, "is not set", "Set pika.virtual-host, e.g. to /.");
        }
        if (properties.getUsername() == null || properties.getUsername().isEmpty()) {
            violations.add("pika.username", "''", "is empty", "Set pika.username, or remove it for guest.");
        }
        if (properties.getPassword() == null) {
            violations.add("pika.password", null, "is not set", "Set pika.password, or remove it for guest.");
        }
    }

    private static void checkSsl(PikaProperties.Ssl ssl, Violations violations) {
        if (ssl.getBundle() != null && ssl.getBundle().isBlank()) {
            violations.add(
                    "pika.ssl.bundle",
                    "''",
                    "is blank",
                    "Set pika.ssl.bundle to the name of a spring.ssl.bundle.* entry, or remove it.");
        }
        if (Boolean.FALSE.equals(ssl.getEnabled()) && ssl.getBundle() != null) {
            violations.add(
                    "pika.ssl.bundle",
                    ssl.getBundle(),
                    "names an SSL bundle while pika.ssl.enabled is false",
                    "Remove pika.ssl.enabled=false to use TLS with the bundle, or remove pika.ssl.bundle.");
        }
    }

    private static void checkRecovery(PikaProperties.Recovery recovery, Violations violations) {
        positive(violations, "pika.recovery.initial-interval", recovery.getInitialInterval(), "1s");
        positive(violations, "pika.recovery.max-interval", recovery.getMaxInterval(), "30s");
        atLeastOne(violations, "pika.recovery.multiplier", recovery.getMultiplier());
        notBelow(
                violations,
                "pika.recovery.max-interval",
                recovery.getMaxInterval(),
                "pika.recovery.initial-interval",
                recovery.getInitialInterval());
        if (recovery.getMaxAttempts() < 0) {
            violations.add(
                    "pika.recovery.max-attempts",
                    recovery.getMaxAttempts(),
                    "must be >= 0",
                    "Set pika.recovery.max-attempts to a number of attempts, or 0 to try forever.");
        }
        if (!(recovery.getJitter() >= 0 && recovery.getJitter() <= 1)) {
            violations.add(
                    "pika.recovery.jitter",
                    recovery.getJitter(),
                    "must be between 0 and 1",
                    "Set pika.recovery.jitter to a fraction such as 0.1 (each wait within 10% of the interval),"
                            + " or 0 for none.");
        }
    }

    private static void checkPublisher(PikaProperties.Publisher publisher, Violations violations) {
        positive(violations, "pika.publisher.confirm-timeout", publisher.getConfirmTimeout(), "30s");
        notNegative(violations, "pika.publisher.shutdown-timeout", publisher.getShutdownTimeout());
    }

    private static void checkListener(PikaProperties.Listener listener, Violations violations) {
        if (listener.getConcurrency() < 1) {
            violations.add(
                    "pika.listener.concurrency",
                    listener.getConcurrency(),
                    "must be >= 1",
                    "Set pika.listener.concurrency to the number of worker threads per listener, e.g. 1.");
        }
        if (listener.getPrefetch() < 1 || listener.getPrefetch() > 65535) {
            violations.add(
                    "pika.listener.prefetch",
                    listener.getPrefetch(),
                    "must be between 1 and 65535 (an unlimited prefetch would let the broker fill the heap)",
                    "Set pika.listener.prefetch to a bound such as 250.");
        } else if (listener.getConcurrency() >= 1 && listener.getPrefetch() < listener.getConcurrency()) {
            violations.add(
                    "pika.listener.prefetch",
                    listener.getPrefetch(),
                    "is below pika.listener.concurrency (" + listener.getConcurrency()
                            + "), so some worker threads could never get a message",
                    "Raise pika.listener.prefetch to at least " + listener.getConcurrency()
                            + " or lower pika.listener.concurrency.");
        }
        if (listener.getAckMode() == null) {
            violations.add(
                    "pika.listener.ack-mode",
                    null,
                    "is not set",
                    "Set pika.listener.ack-mode to auto, manual or none.");
        } else if (listener.getAckMode() == dev.pika.spring.listener.AckMode.NONE
                && listener.isDefaultRequeueRejected()) {
            violations.add(
                    "pika.listener.default-requeue-rejected",
                    true,
                    "has no effect with pika.listener.ack-mode=none: the broker forgets a message once delivered",
                    "Remove pika.listener.default-requeue-rejected, or use ack-mode auto.");
        }
        notNegative(violations, "pika.listener.shutdown-timeout", listener.getShutdownTimeout());
        PikaProperties.Retry retry = listener.getRetry();
        if (retry.getMaxAttempts() < 1) {
            violations.add(
                    "pika.listener.retry.max-attempts",
                    retry.getMaxAttempts(),
                    "must be >= 1 (it counts the first call)",
                    "Set pika.listener.retry.max-attempts to e.g. 3, or set pika.listener.retry.enabled=false.");
        }
        positive(violations, "pika.listener.retry.initial-interval", retry.getInitialInterval(), "1s");
        positive(violations, "pika.listener.retry.max-interval", retry.getMaxInterval(), "10s");
        atLeastOne(violations, "pika.listener.retry.multiplier", retry.getMultiplier());
        notBelow(
                violations,
                "pika.listener.retry.max-interval",
                retry.getMaxInterval(),
                "pika.listener.retry.initial-interval",
                retry.getInitialInterval());
    }

    private static void checkEmbedded(PikaProperties properties, Violations violations) {
        PikaProperties.Embedded embedded = properties.getEmbedded();
        if (embedded.getPort() < 0 || embedded.getPort() > 65535) {
            violations.add(
                    "pika.embedded.port",
                    embedded.getPort(),
                    "must be between 0 and 65535",
                    "Set pika.embedded.port to a free port, or 0 to pick one.");
        }
        if (!embedded.isEnabled()) {
            return;
        }
        if (!ClassUtils.isPresent(EMBEDDED_BROKER_CLASS, ClassUtils.getDefaultClassLoader())) {
            violations.add(
                    "pika.embedded.enabled",
                    true,
                    "the embedded broker is not on the classpath",
                    "Add the dependency dev.pika:pika-embedded-broker, or remove pika.embedded.enabled.");
        }
        if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
            violations.add(
                    "pika.embedded.enabled",
                    true,
                    "is set together with pika.url (" + Violations.maskUrl(properties.getUrl()) + ")",
                    "Remove pika.url (or PIKA_URL) to use the embedded broker, or remove pika.embedded.enabled to"
                            + " use the broker at pika.url.");
        }
        if (!properties.getAddresses().isEmpty()) {
            violations.add(
                    "pika.embedded.enabled",
                    true,
                    "is set together with pika.addresses",
                    "Remove pika.addresses to use the embedded broker, or remove pika.embedded.enabled to use"
                            + " those brokers.");
        }
    }

    private static void positive(Violations violations, String property, Duration value, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            violations.add(
                    property,
                    value,
                    "must be a positive duration",
                    "Set " + property + " to a positive duration such as " + example + ".");
        }
    }

    private static void notNegative(Violations violations, String property, Duration value) {
        if (value == null || value.isNegative()) {
            violations.add(
                    property, value, "must be zero or positive", "Set " + property + " to a duration such as 10s.");
        }
    }

    private static void atLeastOne(Violations violations, String property, double value) {
        if (!(value >= 1.0) || Double.isInfinite(value)) {
            violations.add(
                    property,
                    value,
                    "must be >= 1 (each wait at least as long as the previous one)",
                    "Set " + property + " to 1 for a fixed interval, or e.g. 2 to double it after each attempt.");
        }
    }

    private static void notBelow(
            Violations violations, String property, Duration value, String lowerProperty, Duration lower) {
        if (value != null
                && lower != null
                && !value.isNegative()
                && !lower.isNegative()
                && value.compareTo(lower) < 0) {
            violations.add(
                    property,
                    value,
                    "is shorter than " + lowerProperty + " (" + lower + ")",
                    "Raise " + property + " or lower " + lowerProperty + ".");
        }
    }
}
