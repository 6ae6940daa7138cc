package dev.pika.spring.actuate.metrics;

import dev.pika.MetricsCollector;
import dev.pika.spring.connection.event.PikaConnectionEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveredEvent;
import dev.pika.spring.listener.observation.PikaListenerViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.context.ApplicationListener;

/**
 * The connection-level meters: a core {@link MetricsCollector} (installed on every connection of the
 * starter through a {@code ConnectionParametersCustomizer}) backed by Micrometer, a {@link MeterBinder}
 * (Spring Boot binds it to the application's registry, with or without the actuator), and a listener
 * of the connection events (the recoveries counter).
 *
 * <p>Meters, tagged {@code connection=<name>} (see {@link PikaMeterNames}): gauges {@code connections},
 * {@code channels}, {@code deliveries.in.flight}, {@code worker.queue}, {@code worker.active};
 * counters {@code published}, {@code published.acked}, {@code published.nacked}, {@code returned},
 * {@code consumed}, {@code redelivered}, {@code acked}, {@code nacked}, {@code rejected}, {@code
 * recoveries}, {@code heartbeat.timeouts}. A connection's meters are registered when it is first seen
 * (its first opening or connection event) and kept under the same name across recoveries.
 *
 * <p>Meters are registered in an internal {@link CompositeMeterRegistry} to which {@link
 * #bindTo(MeterRegistry)} adds the application's registries, so the collector can be installed on the
 * connections before any registry exists and a registry bound later still gets every meter.
 *
 * <p><b>Threading.</b> The hooks run on each connection's I/O thread, for every message: they find the
 * connection's meters by an identity check on a small copy-on-write array (the engine passes the same
 * name instance every time; no hashing, no allocation, no lock) and increment Micrometer counters.
 * Registering a new connection's meters takes a lock once per connection name. {@link #bindTo} and the
 * event listener run on any thread. Thread-safe.
 */
public class MicrometerMetricsCollector
        implements MetricsCollector, MeterBinder, ApplicationListener<PikaConnectionEvent> {

    private final PikaMeterNames names;
    private final Supplier<PikaListenerViews> listenerViews;
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final Object registering = new Object();
    private volatile ConnectionMeters[] connections = new ConnectionMeters[0];

    /**
     * Creates a collector.
     *
     * @param names the meter names
     * @param listenerViews the listener containers (for the in-flight and worker gauges); the supplier
     *     may return {@code null} when there are none
     */
    public MicrometerMetricsCollector(PikaMeterNames names, Supplier<PikaListenerViews> listenerViews) {
        this.names = Objects.requireNonNull(names, "names must not be null");
        this.listenerViews = Objects.requireNonNull(listenerViews, "listenerViews must not be null");
    }

    /**
     * Adds a registry: every meter, present and future, is registered there too.
     *
     * @param target the registry
     */
    @Override
    public void bindTo(MeterRegistry target) {
        Objects.requireNonNull(target, "target must not be null");
        registry.add(target);
    }

    /**
     * The meter names.
     *
     * @return the names
     */
    public PikaMeterNames names() {
        return names;
    }

    // ------------------------------------------------------------------------------------------------
    // Core hooks (I/O threads)

    @Override
    public void connectionOpened(String connection) {
        meters(connection).open.set(1);
    }

    @Override
    public void connectionClosed(String connection) {
        meters(connection).open.set(0);
    }

    @Override
    public void channelOpened(String connection, int channelNumber) {
        meters(connection).channels.incrementAndGet();
    }

    @Override
    public void channelClosed(String connection, int channelNumber) {
        ConnectionMeters meters = meters(connection);
        if (meters.channels.decrementAndGet() < 0) {
            meters.channels.set(0);
        }
    }

    @Override
    public void published(String connection, int bodySize) {
        meters(connection).published.increment();
    }

    @Override
    public void publishAcked(String connection, int count) {
        meters(connection).publishedAcked.increment(count);
    }

    @Override
    public void publishNacked(String connection, int count) {
        meters(connection).publishedNacked.increment(count);
    }

    @Override
    public void returned(String connection) {
        meters(connection).returned.increment();
    }

    @Override
    public void consumed(String connection, boolean redelivered, int bodySize) {
        ConnectionMeters meters = meters(connection);
        meters.consumed.increment();
        if (redelivered) {
            meters.redelivered.increment();
        }
    }

    @Override
    public void acked(String connection, int count) {
        meters(connection).acked.increment(count);
    }

    @Override
    public void nacked(String connection, int count, boolean requeue) {
        meters(connection).nacked.increment(count);
    }

    @Override
    public void rejected(String connection, boolean requeue) {
        meters(connection).rejected.increment();
    }

    @Override
    public void heartbeatTimeout(String connection) {
        meters(connection).heartbeatTimeouts.increment();
    }

    // ------------------------------------------------------------------------------------------------
    // Connection events (recovery thread)

    /**
     * Registers the meters of a connection at its first event (so that a connection that has not opened
     * yet shows {@code connections 0}) and counts recoveries.
     *
     * @param event the event
     */
    @Override
    public void onApplicationEvent(PikaConnectionEvent event) {
        ConnectionMeters meters = meters(event.getConnectionName());
        if (event instanceof PikaConnectionRecoveredEvent) {
            meters.recoveries.increment();
        }
    }

    // ------------------------------------------------------------------------------------------------

    private ConnectionMeters meters(String connection) {
        ConnectionMeters[] all = connections;
        for (ConnectionMeters meters : all) {
            if (meters.name == connection) {
                return meters;
            }
        }
        return lookUpOrRegister(connection);
    }

    private ConnectionMeters lookUpOrRegister(String connection) {
        Objects.requireNonNull(connection, "connection must not be null");
        for (ConnectionMeters meters : connections) {
            if (meters.name.equals(connection)) {
                return meters;
            }
        }
        synchronized (registering) {
            ConnectionMeters[] all = connections;
            for (ConnectionMeters meters : all) {
                if (meters.name.equals(connection)) {
                    return meters;
                }
            }
            ConnectionMeters created = new ConnectionMeters(connection, names, registry, listenerViews);
            ConnectionMeters[] grown = Arrays.copyOf(all, all.length + 1);
            grown[all.length] = created;
            connections = grown;
            return created;
        }
    }

    @Override
    public String toString() {
        return "MicrometerMetricsCollector[" + names.prefix() + "]";
    }
}
