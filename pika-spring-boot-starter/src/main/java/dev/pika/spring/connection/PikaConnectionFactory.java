package dev.pika.spring.connection;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.spring.connection.recovery.RecoveryPolicies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.retry.support.RetryTemplate;

/**
 * Owns the starter's connections: each {@link PikaConnection} it hands out has its own I/O loop thread
 * ({@code pika-io-N}), reconnects under the recovery {@link RetryTemplate}, runs the {@link
 * ConnectionInitializer}s (declarations) at every opening and publishes {@code PikaConnectionEvent}s.
 *
 * <p><b>Start-up.</b> A {@link SmartLifecycle} in phase {@link PikaLifecyclePhases#CONNECTION}: {@link
 * #start()} opens the default connection ({@link #getConnection()}) and every connection created
 * before, and waits for the default connection's first attempt (every address, each bounded by its
 * stack timeout). If that attempt fails with a fatal error (authentication or access refused), fails
 * an initializer (a declaration refused, with {@code pika.declarations.fail-fast}), or recovery is
 * disabled, {@code start()} throws and the application does not start. Any other failure (broker not
 * reachable yet) is logged and the connection keeps trying in the background under the recovery
 * policy: sends fail fast with {@link ConnectionUnavailableException} until it opens.
 *
 * <p><b>Shutdown.</b> {@link #stop()} (and {@link #destroy()}) closes every connection with {@code
 * Connection.Close}, stops recovery and ends the I/O and recovery threads: no thread is left behind.
 * Components that publish or consume stop first (higher phases).
 *
 * <p><b>More connections.</b> {@link #createConnection(String)} makes another connection (a listener
 * container may want its own, so that a slow consumer's TCP back-pressure does not hold the
 * publishers). It starts with the factory (at once if the factory runs) and closes with it.
 *
 * <p>Thread-safe: all methods may be called from any thread except the connections' I/O threads
 * (for {@link #stop()}).
 */
public class PikaConnectionFactory implements SmartLifecycle, DisposableBean, ApplicationEventPublisherAware {

    private static final Log LOG = LogFactory.getLog(PikaConnectionFactory.class);

    /** The connection name when neither {@code pika.connection-name} nor the application name is set: {@value}. */
    public static final String DEFAULT_CONNECTION_NAME = "pika";

    /** How long the initializers (declarations) of one opening may take: 30 seconds. */
    public static final Duration DEFAULT_INITIALIZATION_TIMEOUT = Duration.ofSeconds(30);

    /** Default wait before the first reconnection attempt after a loss: 1 second. */
    public static final Duration DEFAULT_RECOVERY_DELAY = Duration.ofSeconds(1);

    /** Default spread of that wait: {@value} (±10%). */
    public static final double DEFAULT_RECOVERY_JITTER = 0.1;

    private final Supplier<List<ConnectionParameters>> parameters;
    private final RetryTemplate recoveryTemplate;
    private final boolean recoveryEnabled;
    private final String baseName;
    private final List<ConnectionInitializer> initializers = new CopyOnWriteArrayList<>();
    private final List<PikaConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ManagedConnection> connections = new LinkedHashMap<>();
    private volatile Supplier<List<ConnectionInitializer>> initializerProvider;
    private volatile Duration initializationTimeout = DEFAULT_INITIALIZATION_TIMEOUT;
    private volatile Duration recoveryDelay = DEFAULT_RECOVERY_DELAY;
    private volatile double recoveryJitter = DEFAULT_RECOVERY_JITTER;
    private volatile ApplicationEventPublisher eventPublisher;
    private volatile boolean running;
    private boolean closed;

    /**
     * Creates the factory.
     *
     * @param parameters the parameters of every broker address, in the order to try them; called at
     *     every connection attempt (so a shuffle applies each time)
     * @param recoveryTemplate drives the connection attempts (back-off, which failures are retried)
     * @param recoveryEnabled whether a lost connection is re-established; when {@code false}, one
     *     attempt is made at start-up and a loss is final
     */
    public PikaConnectionFactory(
            Supplier<List<ConnectionParameters>> parameters, RetryTemplate recoveryTemplate, boolean recoveryEnabled) {
        this.parameters = Objects.requireNonNull(parameters, "parameters must not be null");
        this.recoveryTemplate = Objects.requireNonNull(recoveryTemplate, "recoveryTemplate must not be null");
        this.recoveryEnabled = recoveryEnabled;
        List<ConnectionParameters> first = parameters.get();
        if (first == null || first.isEmpty()) {
            throw new IllegalArgumentException("parameters must give at least one broker address");
        }
        this.baseName = first.get(0).connectionName().orElse(DEFAULT_CONNECTION_NAME);
    }

    /**
     * Creates a factory for one broker with the default recovery ({@code pika.recovery.*} defaults).
     *
     * @param parameters the broker
     * @return the factory
     */
    public static PikaConnectionFactory of(ConnectionParameters parameters) {
        Objects.requireNonNull(parameters, "parameters must not be null");
        return new PikaConnectionFactory(
                () -> List.of(parameters),
                RecoveryPolicies.retryTemplate(
                        0, RecoveryPolicies.backOff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.1)),
                true);
    }

    // ------------------------------------------------------------------------------------------------
    // Configuration (before start)

    /**
     * Adds an initializer run at every opening of every connection, in the order added.
     *
     * @param initializer the initializer
     */
    public void addInitializer(ConnectionInitializer initializer) {
        initializers.add(Objects.requireNonNull(initializer, "initializer must not be null"));
    }

    /**
     * Sets where more initializers come from (the application's {@link ConnectionInitializer} beans):
     * called once, by {@link #start()} on the starting thread, and added after those of {@link
     * #addInitializer}.
     *
     * @param provider the provider
     */
    public void setInitializerProvider(Supplier<List<ConnectionInitializer>> provider) {
        this.initializerProvider = Objects.requireNonNull(provider, "provider must not be null");
    }

    /**
     * Adds a listener to every connection, present and future.
     *
     * @param listener the listener
     */
    public void addConnectionListener(PikaConnectionListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        synchronized (connections) {
            listeners.add(listener);
            connections.values().forEach(c -> c.addListener(listener));
        }
    }

    /**
     * Sets how long the initializers of one opening may take.
     *
     * @param timeout positive
     */
    public void setInitializationTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("initialization timeout must be positive, but was " + timeout);
        }
        this.initializationTimeout = timeout;
    }

    /**
     * Sets the wait before the first reconnection attempt after a loss ({@code
     * pika.recovery.initial-interval} and {@code jitter}); the later waits come from the retry
     * template's back-off. Applies to connections made afterwards.
     *
     * @param delay zero or positive
     * @param jitter the spread as a fraction of the delay, 0 to 1
     */
    public void setRecoveryDelay(Duration delay, double jitter) {
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("recovery delay must not be negative, but was " + delay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("recovery jitter must be between 0 and 1, but was " + jitter);
        }
        this.recoveryDelay = delay;
        this.recoveryJitter = jitter;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
        this.eventPublisher = applicationEventPublisher;
    }

    /**
     * The template that drives connection attempts.
     *
     * @return the recovery template
     */
    public RetryTemplate getRecoveryTemplate() {
        return recoveryTemplate;
    }

    /**
     * Whether lost connections are re-established.
     *
     * @return {@code true} when recovery is enabled
     */
    public boolean isRecoveryEnabled() {
        return recoveryEnabled;
    }

    // ------------------------------------------------------------------------------------------------
    // Connections

    /**
     * The default connection, shared by the template, the admin and (unless they ask for their own)
     * the listener containers. Created on the first call; opened by {@link #start()}.
     *
     * @return the default connection
     * @throws IllegalStateException when the factory is closed
     */
    public PikaConnection getConnection() {
        return connection(baseName);
    }

    /**
     * Creates another connection, named {@code <connection name>.<purpose>} (with a number appended
     * when the name is taken). It opens now if the factory runs, else with {@link #start()}.
     *
     * @param purpose a short word saying what the connection is for, e.g. {@code "listener"}
     * @return the new connection
     * @throws IllegalStateException when the factory is closed
     */
    public PikaConnection createConnection(String purpose) {
        Objects.requireNonNull(purpose, "purpose must not be null");
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("purpose must not be blank (e.g. \"listener\")");
        }
        String name = baseName + "." + purpose;
        synchronized (connections) {
            String unique = name;
            for (int i = 2; connections.containsKey(unique); i++) {
                unique = name + "-" + i;
            }
            return connection(unique);
        }
    }

    /**
     * Every connection made so far, default first.
     *
     * @return an immutable list
     */
    public List<PikaConnection> getConnections() {
        synchronized (connections) {
            return List.copyOf(connections.values());
        }
    }

    private ManagedConnection connection(String name) {
        ManagedConnection connection;
        boolean startNow;
        synchronized (connections) {
            if (closed) {
                throw new IllegalStateException("PikaConnectionFactory is closed");
            }
            connection = connections.get(name);
            if (connection != null) {
                return connection;
            }
            connection = new ManagedConnection(
                    name,
                    () -> named(parameters.get(), name),
                    recoveryTemplate,
                    recoveryEnabled,
                    () -> List.copyOf(initializers),
                    initializationTimeout,
                    recoveryDelay,
                    recoveryJitter,
                    new DeferredPublisher());
            listeners.forEach(connection::addListener);
            connections.put(name, connection);
            startNow = running;
        }
        if (startNow) {
            connection.start();
        }
        return connection;
    }

    private static List<ConnectionParameters> named(List<ConnectionParameters> list, String name) {
        List<ConnectionParameters> result = new ArrayList<>(list.size());
        for (ConnectionParameters params : list) {
            result.add(
                    name.equals(params.connectionName().orElse(null))
                            ? params
                            : params.toBuilder().connectionName(name).build());
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle

    /**
     * Opens the connections and waits for the default one's first attempt (see the class comment).
     *
     * @throws ConnectionFailedException when the first attempt failed fatally or recovery is disabled
     * @throws RuntimeException an initializer's failure (e.g. a refused declaration), as it is
     */
    @Override
    public void start() {
        List<ManagedConnection> toStart;
        ManagedConnection main = (ManagedConnection) getConnection();
        synchronized (connections) {
            if (running) {
                return;
            }
            if (closed) {
                throw new IllegalStateException("PikaConnectionFactory was stopped; it cannot be started again");
            }
            running = true;
            Supplier<List<ConnectionInitializer>> provider = initializerProvider;
            if (provider != null) {
                provider.get().stream().filter(i -> !initializers.contains(i)).forEach(initializers::add);
            }
            toStart = new ArrayList<>(connections.values());
        }
        toStart.forEach(ManagedConnection::start);
        awaitFirstAttempt(main);
    }

    private void awaitFirstAttempt(ManagedConnection main) {
        Duration bound = main.firstAttemptBound();
        try {
            main.firstAttempt().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(main.name(), 1, e);
        } catch (TimeoutException e) {
            LOG.warn("Connection '" + main.name() + "' did not open within " + bound
                    + "; the application starts and the connection keeps trying");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException) {
                return;
            }
            if (!(cause instanceof AmqpConnectionException)) {
                stop();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            }
            if (!recoveryEnabled || RecoveryPolicies.isFatal(cause)) {
                stop();
                throw new ConnectionFailedException(main.name(), 1, cause);
            }
            LOG.warn("Connection '" + main.name() + "' is not open yet (" + cause.getMessage() + "); the application"
                    + " starts and the connection keeps trying in the background (pika.recovery.*)");
        }
    }

    /**
     * Closes every connection (newest first) and ends their threads. Final: a stopped factory cannot be
     * started again. Not from an I/O thread.
     */
    @Override
    public void stop() {
        List<ManagedConnection> toClose;
        synchronized (connections) {
            running = false;
            closed = true;
            toClose = new ArrayList<>(connections.values());
        }
        Collections.reverse(toClose);
        toClose.forEach(ManagedConnection::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PikaLifecyclePhases.CONNECTION;
    }

    /** Closes everything for good: no connection can be made afterwards. */
    @Override
    public void destroy() {
        synchronized (connections) {
            closed = true;
        }
        stop();
    }

    @Override
    public String toString() {
        return "PikaConnectionFactory[" + baseName + ", " + getConnections() + "]";
    }

    /** Reads the publisher when an event is fired, so that it may be set after the connections are made. */
    private final class DeferredPublisher implements ApplicationEventPublisher {
        @Override
        public void publishEvent(Object event) {
            ApplicationEventPublisher publisher = eventPublisher;
            if (publisher != null) {
                publisher.publishEvent(event);
            }
        }
    }
}
