package dev.pika.testing.broker;

import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An Apache Qpid Broker-J (AMQP 0-9-1, in-memory virtual host, nothing written to disk) running in this
 * JVM on a free loopback port, with user {@value #USERNAME}/{@value #PASSWORD} and the default virtual
 * host reachable as {@code /}, {@code ""} or {@code default}.
 *
 * <p>The configuration avoids the traps listed in FACTS.md: PLAIN is offered without TLS
 * ({@code secureOnlyMechanisms: []}), the port carries the {@code nameAlias} and {@code defaultAlias}
 * virtual-host aliases, and unknown queue-declare arguments ({@code x-message-ttl}...) are ignored
 * instead of closing the connection with 542.
 *
 * <p>Thread-safe: {@link #start()} returns a running broker; {@link #close()} may be called from any
 * thread, more than once.
 */
public final class EmbeddedQpidBroker implements AutoCloseable {

    /** The user the broker accepts. */
    public static final String USERNAME = "guest";
    /** That user's password. */
    public static final String PASSWORD = "guest";
    /** The loopback address the AMQP port binds. */
    public static final String BIND_ADDRESS = "127.0.0.1";

    private static final String CONFIG_RESOURCE = "qpid-initial-config.json";

    private final SystemLauncher launcher;
    private final int port;
    private final String version;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedQpidBroker(SystemLauncher launcher, int port, String version) {
        this.launcher = launcher;
        this.port = port;
        this.version = version;
    }

    /**
     * Starts a broker on a free port of {@value #BIND_ADDRESS}.
     *
     * @throws IllegalStateException when the broker does not start, with Qpid's reason
     */
    public static EmbeddedQpidBroker start() {
        QuietLogging.apply();
        URL config = EmbeddedQpidBroker.class.getResource(CONFIG_RESOURCE);
        if (config == null) {
            throw new IllegalStateException(CONFIG_RESOURCE + " is missing from pika-test-support's resources");
        }
        AtomicReference<SystemConfig<?>> systemConfig = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> resolved) {
                systemConfig.set(resolved);
            }
        });
        Map<String, Object> context = new HashMap<>();
        context.put("pika.qpid.amqp_port", "0");
        context.put("pika.qpid.bind_address", BIND_ADDRESS);
        context.put("pika.qpid.username", USERNAME);
        context.put("pika.qpid.password", PASSWORD);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", config.toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("preferenceStoreAttributes", Map.of("type", "Noop"));
        attributes.put("context", context);
        long started = System.nanoTime();
        try {
            launcher.startup(attributes);
        } catch (Exception e) {
            launcher.shutdown();
            throw new IllegalStateException("embedded Qpid Broker-J did not start: " + e, e);
        }
        SystemConfig<?> resolved = systemConfig.get();
        if (resolved == null) {
            launcher.shutdown();
            throw new IllegalStateException("embedded Qpid Broker-J started without a system configuration");
        }
        Broker<?> broker = (Broker<?>) resolved.getContainer();
        int boundPort = -1;
        for (Port<?> candidate : broker.getPorts()) {
            if ("AMQP".equals(candidate.getName())) {
                boundPort = candidate.getBoundPort();
            }
        }
        if (boundPort <= 0) {
            launcher.shutdown();
            throw new IllegalStateException("embedded Qpid Broker-J started but its AMQP port is not bound after "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }
        return new EmbeddedQpidBroker(launcher, boundPort, broker.getProductVersion());
    }

    /** The bound AMQP port. */
    public int port() {
        return port;
    }

    /** The address the port is bound to, {@value #BIND_ADDRESS}. */
    public String host() {
        return BIND_ADDRESS;
    }

    /** Qpid's version, e.g. {@code "9.2.1"}. */
    public String version() {
        return version;
    }

    /** Stops the broker; every connection to it is dropped. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            launcher.shutdown();
        }
    }
}
