package dev.pika.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker inside this JVM: Apache Qpid Broker-J with one in-memory virtual host, for
 * demos, samples and tests that must run where no RabbitMQ is installed. Not a production broker, and
 * not RabbitMQ: see the project's docs for what Qpid does differently (no {@code connection.blocked},
 * no exchange-to-exchange bindings, RabbitMQ queue arguments such as {@code x-dead-letter-exchange}
 * accepted and ignored).
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().build().start()) {
 *     URI uri = broker.uri();            // amqp://guest:guest@127.0.0.1:38211/%2F
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} binds the port (a free one with the default port 0; read it with {@link
 * #port()}), creates the user and the virtual host, and returns once clients can connect. {@link
 * #stop()} (or {@link #close()}) closes every client connection, drops every message, deletes the
 * broker's temporary work directory and waits, within a bound, until the broker's threads have ended.
 * A stopped broker can be started again: on the same port when one was given, on a new free port
 * otherwise, always empty.
 *
 * <p>Qpid logs through SLF4J under {@code org.apache.qpid} and {@code qpid.message}. Unless {@link
 * Builder#quietLogging(boolean)} is turned off, {@code start()} sets both to WARN when the binding is
 * Logback and the application configured no level for them (about 1,200 INFO lines per run
 * otherwise).
 *
 * <p>Thread-safe: every method may be called from any thread; start and stop are serialised. The
 * configuration is immutable.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Default of {@link Builder#port(int)}: 0, a free port chosen at start. */
    public static final int DEFAULT_PORT = 0;
    /** Default of {@link Builder#bindAddress(String)}: {@value}, reachable from this machine only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default of {@link Builder#username(String)}: {@value}. */
    public static final String DEFAULT_USERNAME = "guest";
    /** Default of {@link Builder#password(String)}: {@value}. */
    public static final String DEFAULT_PASSWORD = "guest";
    /** Default of {@link Builder#virtualHost(String)}: {@value}. */
    public static final String DEFAULT_VIRTUAL_HOST = "/";
    /** Default of {@link Builder#stopTimeout(Duration)}: 10 seconds. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final String bindAddress;
    private final int requestedPort;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final boolean quietLogging;
    private final Duration stopTimeout;

    private SystemLauncher launcher;
    private Path workDirectory;
    private BrokerThreads threads;
    private int boundPort = -1;
    private Thread qpidShutdownHook;
    private String productVersion = "unknown";

    private EmbeddedBroker(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.requestedPort = builder.port;
        this.username = builder.username;
        this.password = builder.password;
        this.virtualHost = builder.virtualHost;
        this.quietLogging = builder.quietLogging;
        this.stopTimeout = builder.stopTimeout;
    }

    /** A builder holding the defaults: free port on 127.0.0.1, {@code guest}/{@code guest}, vhost {@code /}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and returns once it accepts connections. Does nothing when it is running.
     *
     * @return this broker
     * @throws EmbeddedBrokerException when Qpid cannot start (the port is taken, the work directory
     *     cannot be created...); nothing is left running or on disk then
     */
    public synchronized EmbeddedBroker start() {
        if (launcher != null) {
            return this;
        }
        if (quietLogging) {
            QpidLogLevels.quieten();
        }
        threads = new BrokerThreads("pika-embedded-broker");
        PortListener listener = new PortListener();
        SystemLauncher started = new SystemLauncher(listener);
        boolean startupCalled = false;
        try {
            workDirectory = Files.createTempDirectory("pika-embedded-broker-");
            Path configuration = workDirectory.resolve("initial-config.json");
            Files.writeString(
                    configuration,
                    QpidInitialConfiguration.render(
                            "pika-embedded-broker", bindAddress, requestedPort, username, password, virtualHost));
            Map<String, Object> attributes = launchAttributes(configuration);
            startupCalled = true;
            threads.callInGroup("pika-embedded-broker-start", () -> {
                started.startup(attributes);
                return null;
            });
            // Read once at start-up; it holds the password, so it does not stay on disk.
            Files.deleteIfExists(configuration);
            boundPort = listener.boundPort();
            productVersion = listener.productVersion();
            qpidShutdownHook = listener.detachShutdownHook();
            launcher = started;
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boundPort = -1;
            cleanUp(startupCalled ? started : null);
            throw new EmbeddedBrokerException(
                    "The embedded broker (Qpid Broker-J) could not start on " + bindAddress + ":" + requestedPort
                            + ": " + e.getMessage()
                            + (requestedPort == 0 ? "" : "; is the port in use? Use port 0 for a free one"),
                    e);
        }
        return this;
    }

    private Map<String, Object> launchAttributes(Path configuration) {
        Map<String, Object> context = new HashMap<>();
        context.put(SystemConfig.QPID_WORK_DIR, workDirectory.toString());
        context.put("QPID_WORK", workDirectory.toString());
        // A small broker: a handful of I/O threads instead of Qpid's 64 per virtual host.
        context.put("qpid.port.amqp.threadPool.size", "4");
        context.put("qpid.port.amqp.threadPool.numberOfSelectors", "1");
        context.put("virtualhost.connectionThreadPool.size", "4");
        context.put("virtualhost.connectionThreadPool.numberOfSelectors", "1");
        context.put("virtualhost.housekeepingThreadCount", "1");
        context.put("broker.housekeepingThreadCount", "1");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put(
                SystemConfig.INITIAL_CONFIGURATION_LOCATION,
                configuration.toUri().toString());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put("preferenceStoreAttributes", Map.of("type", "Noop"));
        attributes.put("context", context);
        return attributes;
    }

    /**
     * Stops the broker: closes client connections, drops every queue and message, deletes the work
     * directory and waits up to the stop timeout for the broker's threads to end. Does nothing when it
     * is not running.
     */
    public synchronized void stop() {
        SystemLauncher running = launcher;
        if (running == null) {
            return;
        }
        launcher = null;
        boundPort = -1;
        cleanUp(running);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void cleanUp(SystemLauncher running) {
        if (running != null) {
            try {
                threads.callInGroup("pika-embedded-broker-stop", () -> {
                    running.shutdown();
                    return null;
                });
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("The embedded broker did not shut down cleanly: {}", e.toString());
            }
        }
        if (threads != null) {
            Set<Thread> remaining = threads.awaitEnd(stopTimeout);
            if (!remaining.isEmpty()) {
                LOG.warn("The embedded broker's threads {} were still alive {} after stop", remaining, stopTimeout);
            }
        }
        if (workDirectory != null) {
            try {
                WorkDirectory.delete(workDirectory);
            } catch (IOException e) {
                LOG.warn("Could not delete the embedded broker's work directory {}: {}", workDirectory, e.toString());
            }
            workDirectory = null;
        }
    }

    /** Whether the broker is running. */
    public synchronized boolean isRunning() {
        return launcher != null;
    }

    /**
     * The port the broker listens on.
     *
     * @return the bound port
     * @throws IllegalStateException when the broker is not running
     */
    public synchronized int port() {
        requireRunning("port()");
        return boundPort;
    }

    /** Qpid Broker-J's version, e.g. {@code "9.2.1"}, once started; {@code "unknown"} before. */
    public String productVersion() {
        synchronized (this) {
            return productVersion;
        }
    }

    /** The host clients connect to: the bind address, or {@code 127.0.0.1} when it binds every interface. */
    public String host() {
        return isWildcard(bindAddress) ? "127.0.0.1" : bindAddress;
    }

    /** The user name clients authenticate with (PLAIN). */
    public String username() {
        return username;
    }

    /** The user's password. */
    public String password() {
        return password;
    }

    /** The virtual host clients open. */
    public String virtualHost() {
        return virtualHost;
    }

    /**
     * The AMQP URI of the running broker with its credentials, e.g. {@code
     * amqp://guest:guest@127.0.0.1:38211/%2F}; user, password and virtual host are percent-encoded. It
     * holds the password: do not log it.
     *
     * @return the URI
     * @throws IllegalStateException when the broker is not running
     */
    public synchronized URI uri() {
        requireRunning("uri()");
        return amqpUri(host(), boundPort, username, password, virtualHost);
    }

    /** An AMQP URI with percent-encoded user, password and virtual host. */
    static URI amqpUri(String host, int port, String username, String password, String virtualHost) {
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("amqp://" + encode(username) + ":" + encode(password) + "@" + hostPart + ":" + port + "/"
                + encode(virtualHost));
    }

    /** The work directory of the running broker, or null when stopped (for tests). */
    synchronized Path workDirectory() {
        return workDirectory;
    }

    /** The threads of the current or last run, or null before the first start (for tests). */
    synchronized BrokerThreads threads() {
        return threads;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void requireRunning(String what) {
        if (launcher == null) {
            throw new IllegalStateException(what + " is only known while the embedded broker runs; call start() first");
        }
    }

    private static boolean isWildcard(String address) {
        return address.equals("*") || address.equals("0.0.0.0") || address.equals("::");
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "EmbeddedBroker{" + host() + ":" + (launcher == null ? "stopped" : boundPort) + ", virtualHost="
                    + virtualHost + ", username=" + username + "}";
        }
    }

    /** Learns the AMQP port's bound number once the broker has resolved its model. */
    /**
     * The JVM shutdown hook Qpid registered when the broker opened, detached by {@link #start()}; for tests.
     *
     * @return the hook, or {@code null} when Qpid registered none that could be found
     */
    synchronized Thread qpidShutdownHook() {
        return qpidShutdownHook;
    }

    private static final class PortListener extends SystemLauncherListener.DefaultSystemLauncherListener {
        private SystemConfig<?> systemConfig;

        /**
         * Removes the JVM shutdown hook Qpid Broker-J adds when its broker opens ({@code BrokerImpl.onOpen}).
         * That hook would stop the broker on SIGTERM at the same time as the application's own shutdown
         * (Spring's context close), so the application's connections would see the broker vanish (320)
         * and start recovering while they are being closed. Without it, the broker's owner stops it: the
         * application context after the beans that use it, or {@link #stop()}.
         *
         * @return the hook removed, or {@code null} when none was found (another Qpid version: its hook
         *     then stays, which costs only log noise at shutdown)
         */
        Thread detachShutdownHook() {
            if (systemConfig == null || !(systemConfig.getContainer() instanceof Broker<?> broker)) {
                return null;
            }
            for (Class<?> type = broker.getClass(); type != null; type = type.getSuperclass()) {
                try {
                    java.lang.reflect.Field field = type.getDeclaredField("_shutdownHook");
                    field.setAccessible(true);
                    if (field.get(broker) instanceof Thread hook) {
                        Runtime.getRuntime().removeShutdownHook(hook);
                        return hook;
                    }
                    return null;
                } catch (NoSuchFieldException e) {
                    // Look in the superclass.
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.debug("Could not remove Qpid Broker-J's shutdown hook: {}", e.toString());
                    return null;
                }
            }
            return null;
        }

        @Override
        public void onContainerResolve(SystemConfig<?> systemConfig) {
            this.systemConfig = systemConfig;
        }

        String productVersion() {
            return systemConfig != null && systemConfig.getContainer() instanceof Broker<?> broker
                    ? broker.getProductVersion()
                    : "unknown";
        }

        int boundPort() {
            if (systemConfig == null) {
                throw new EmbeddedBrokerException("Qpid Broker-J started without a broker model", null);
            }
            if (!(systemConfig.getContainer() instanceof Broker<?> broker)) {
                throw new EmbeddedBrokerException("Qpid Broker-J started without a broker", null);
            }
            for (Port<?> port : broker.getPorts()) {
                if (port.getBoundPort() > 0) {
                    return port.getBoundPort();
                }
            }
            throw new EmbeddedBrokerException("its AMQP port could not be bound", null);
        }
    }

    /**
     * Builds an {@link EmbeddedBroker}. Setters check their argument at once; not thread-safe.
     */
    public static final class Builder {
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private String username = DEFAULT_USERNAME;
        private String password = DEFAULT_PASSWORD;
        private String virtualHost = DEFAULT_VIRTUAL_HOST;
        private boolean quietLogging = true;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        private Builder() {}

        /**
         * The port to listen on.
         *
         * @param port between 0 and 65535; 0 (the default) picks a free port at each start
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "port must be between 0 and 65535 (0 for a free port), but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The local address to listen on: {@value #DEFAULT_BIND_ADDRESS} by default (this machine
         * only); {@code *} or {@code 0.0.0.0} for every interface.
         *
         * @param bindAddress an IP address or host name of this machine, or {@code *}
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            requireText("bindAddress", bindAddress);
            if (!isWildcard(bindAddress)) {
                try {
                    InetAddress.getByName(bindAddress);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(
                            "bindAddress '" + bindAddress + "' does not resolve; use an address of this machine,"
                                    + " e.g. 127.0.0.1, or * for every interface",
                            e);
                }
            }
            this.bindAddress = bindAddress;
            return this;
        }

        /**
         * The user clients authenticate as (PLAIN).
         *
         * @param username not blank
         * @return this builder
         */
        public Builder username(String username) {
            this.username = requireText("username", username);
            return this;
        }

        /**
         * The user's password.
         *
         * @param password not empty
         * @return this builder
         */
        public Builder password(String password) {
            this.password = requireText("password", password);
            return this;
        }

        /**
         * The virtual host clients open; {@code /} (the default) is also reachable as the empty name
         * and as {@code default}.
         *
         * @param virtualHost {@code /} or a name without {@code /}
         * @return this builder
         */
        public Builder virtualHost(String virtualHost) {
            Objects.requireNonNull(virtualHost, "virtualHost must not be null; use \"/\" for the default");
            if (!virtualHost.equals("/") && !virtualHost.isEmpty() && virtualHost.indexOf('/') >= 0) {
                throw new IllegalArgumentException("virtualHost '" + virtualHost
                        + "' is not supported by the embedded broker; use \"/\" or a name without '/'");
            }
            this.virtualHost = virtualHost.isEmpty() ? DEFAULT_VIRTUAL_HOST : requireText("virtualHost", virtualHost);
            return this;
        }

        /**
         * Whether {@code start()} sets Qpid's loggers to WARN when the SLF4J binding is Logback and
         * the application set no level for them (default true).
         *
         * @param quietLogging false to leave logging alone
         * @return this builder
         */
        public Builder quietLogging(boolean quietLogging) {
            this.quietLogging = quietLogging;
            return this;
        }

        /**
         * How long {@code stop()} waits for the broker's threads to end.
         *
         * @param stopTimeout positive
         * @return this builder
         */
        public Builder stopTimeout(Duration stopTimeout) {
            Objects.requireNonNull(stopTimeout, "stopTimeout must not be null");
            if (stopTimeout.isNegative() || stopTimeout.isZero()) {
                throw new IllegalArgumentException("stopTimeout must be > 0, but was " + stopTimeout);
            }
            this.stopTimeout = stopTimeout;
            return this;
        }

        /**
         * Returns the broker, not started yet.
         *
         * @return the broker
         */
        public EmbeddedBroker build() {
            return new EmbeddedBroker(this);
        }

        private static String requireText(String name, String value) {
            Objects.requireNonNull(value, () -> name + " must not be null");
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            if (value.contains("${")) {
                throw new IllegalArgumentException(
                        name + " must not contain '${' (Qpid would expand it as a variable); choose another value");
            }
            return value;
        }
    }
}
