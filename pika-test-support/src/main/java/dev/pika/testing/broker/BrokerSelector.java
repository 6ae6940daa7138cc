package dev.pika.testing.broker;

import dev.pika.embedded.EmbeddedBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the broker for a JVM's integration tests: the URI in PIKA_TEST_URI; else RabbitMQ on
 * localhost:5672 if it completes an AMQP handshake; else a Testcontainers RabbitMQ when Docker is
 * available; else an embedded Qpid Broker-J. PIKA_TEST_BROKER forces one option, and then its failure
 * is an error rather than a fallback.
 *
 * <p>Stateless; thread-safe. {@link BrokerRegistry} calls it once per JVM.
 */
public final class BrokerSelector {

    /** The options the selector walks; the real ones probe and start brokers, tests substitute fakes. */
    interface Options {
        ProbeResult probeUri(String uri, String source);

        ProbeResult probeLocal(String host, int port);

        /** {@code null} when Docker is available, else why not. */
        String dockerUnavailableReason();

        StartedBroker startTestcontainers(String image);

        StartedBroker startQpid();

        /** Completes the handshake with a broker the harness started, to learn its product and version. */
        ProbeResult probeStarted(StartedBroker started);
    }

    private BrokerSelector() {}

    /**
     * Chooses a broker with the real options.
     *
     * @throws BrokerUnavailableException when no option works (or a forced one fails), naming the fix
     */
    public static SelectedBroker select(BrokerSettings settings) {
        AmqpProbe probe = new AmqpProbe(BrokerSettings.DEFAULT_PROBE_TIMEOUT);
        return select(settings, new RealOptions(probe));
    }

    static SelectedBroker select(BrokerSettings settings, Options options) {
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(options, "options must not be null");
        BrokerChoice choice = settings.choice();
        if (choice != BrokerChoice.AUTO) {
            String forced = "forced by " + settings.choiceSource() + "=" + choice.value();
            return switch (choice) {
                case URI -> fromUri(settings, options, forced);
                case RABBITMQ -> fromLocal(settings, options, List.of(forced), true);
                case TESTCONTAINERS -> fromTestcontainers(settings, options, List.of(forced), true);
                case QPID -> fromQpid(options, List.of(forced));
                case AUTO -> throw new AssertionError("handled above");
            };
        }
        if (settings.uri() != null) {
            return fromUri(settings, options, "from " + settings.uriSource());
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(settings.uriSource() + " unset");
        SelectedBroker local = fromLocal(settings, options, reasons, false);
        if (local != null) {
            return local;
        }
        String docker = options.dockerUnavailableReason();
        if (docker == null) {
            SelectedBroker container = fromTestcontainers(settings, options, reasons, false);
            if (container != null) {
                return container;
            }
        } else {
            reasons.add(docker);
        }
        return fromQpid(options, reasons);
    }

    private static SelectedBroker fromUri(BrokerSettings settings, Options options, String why) {
        if (settings.uri() == null) {
            throw new BrokerUnavailableException(
                    "no broker: " + why + " but " + settings.uriSource() + " is unset; set it to the broker's URI");
        }
        ProbeResult result = options.probeUri(settings.uri(), settings.uriSource());
        if (!result.isAnswered()) {
            throw new BrokerUnavailableException(
                    "no broker: " + settings.uriSource() + " names a broker that does not answer: "
                            + result.failure() + "; fix the URI or unset " + settings.uriSource()
                            + " to let the harness choose a broker");
        }
        BrokerEndpoint endpoint = result.endpoint();
        return new SelectedBroker(
                endpoint, endpoint.productAndVersion() + " at " + endpoint.redactedUri(), List.of(why), null);
    }

    private static SelectedBroker fromLocal(
            BrokerSettings settings, Options options, List<String> reasons, boolean forced) {
        ProbeResult result = options.probeLocal(settings.localHost(), settings.localPort());
        if (result.isAnswered()) {
            BrokerEndpoint endpoint = result.endpoint();
            return new SelectedBroker(
                    endpoint, "local " + endpoint.productAndVersion() + " on " + endpoint.address(), reasons, null);
        }
        if (forced) {
            throw new BrokerUnavailableException("no broker: " + String.join("; ", reasons) + ", but "
                    + result.failure() + "; start RabbitMQ (rabbitmq-server -detached) or unset PIKA_TEST_BROKER");
        }
        reasons.add(result.failure());
        return null;
    }

    private static SelectedBroker fromTestcontainers(
            BrokerSettings settings, Options options, List<String> reasons, boolean forced) {
        if (forced) {
            String docker = options.dockerUnavailableReason();
            if (docker != null) {
                throw new BrokerUnavailableException("no broker: " + String.join("; ", reasons) + ", but " + docker
                        + "; start a Docker engine or unset PIKA_TEST_BROKER");
            }
        }
        StartedBroker started;
        try {
            started = options.startTestcontainers(settings.rabbitMqImage());
        } catch (RuntimeException e) {
            if (forced) {
                throw new BrokerUnavailableException(
                        "no broker: " + String.join("; ", reasons) + ", but the RabbitMQ container ("
                                + settings.rabbitMqImage() + ") did not start: " + e.getMessage(),
                        e);
            }
            reasons.add("Testcontainers RabbitMQ did not start (" + e.getMessage() + ")");
            return null;
        }
        return fromStarted(options, started, reasons);
    }

    private static SelectedBroker fromQpid(Options options, List<String> reasons) {
        StartedBroker started;
        try {
            started = options.startQpid();
        } catch (RuntimeException e) {
            throw new BrokerUnavailableException(
                    "no broker: " + String.join("; ", reasons) + "; and the embedded Qpid Broker-J did not start: "
                            + e.getMessage(),
                    e);
        }
        return fromStarted(options, started, reasons);
    }

    private static SelectedBroker fromStarted(Options options, StartedBroker started, List<String> reasons) {
        ProbeResult result = options.probeStarted(started);
        if (!result.isAnswered()) {
            started.stop();
            throw new BrokerUnavailableException("no broker: " + started.description()
                    + " started but does not complete the AMQP handshake: " + result.failure());
        }
        BrokerEndpoint endpoint = result.endpoint();
        return new SelectedBroker(endpoint, started.description() + " on " + endpoint.address(), reasons, started);
    }

    /** The options that really probe and start brokers. */
    private record RealOptions(AmqpProbe probe) implements Options {
        @Override
        public ProbeResult probeUri(String uri, String source) {
            return probe.probeUri(uri, source);
        }

        @Override
        public ProbeResult probeLocal(String host, int port) {
            return probe.probe(false, host, port, "guest", "guest", "/");
        }

        @Override
        public String dockerUnavailableReason() {
            return TestcontainersRabbitMq.dockerUnavailableReason();
        }

        @Override
        public StartedBroker startTestcontainers(String image) {
            return TestcontainersRabbitMq.start(image);
        }

        @Override
        public StartedBroker startQpid() {
            QuietLogging.apply();
            EmbeddedBroker qpid = EmbeddedBroker.builder().build().start();
            return new StartedBroker(
                    "embedded Qpid Broker-J " + qpid.productVersion(),
                    qpid.host(),
                    qpid.port(),
                    qpid.username(),
                    qpid.password(),
                    qpid);
        }

        @Override
        public ProbeResult probeStarted(StartedBroker started) {
            return probe.probe(false, started.host(), started.port(), started.username(), started.password(), "/");
        }
    }
}
