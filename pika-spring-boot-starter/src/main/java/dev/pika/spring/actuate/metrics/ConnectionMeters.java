package dev.pika.spring.actuate.metrics;

import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import dev.pika.spring.listener.observation.PikaListenerViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The meters of one connection, registered once when the connection is first seen and then used
 * directly: no lookup per message. Counters are Micrometer's (lock-free increments); the open and
 * channel gauges read atomic integers; the listener gauges add up the listener snapshots of this
 * connection when read.
 *
 * <p>Thread-safe: the counters and atomics may be updated from any thread (each connection's I/O
 * thread, the recovery thread).
 */
final class ConnectionMeters {

    final String name;
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger channels = new AtomicInteger();
    final Counter published;
    final Counter publishedAcked;
    final Counter publishedNacked;
    final Counter returned;
    final Counter consumed;
    final Counter redelivered;
    final Counter acked;
    final Counter nacked;
    final Counter rejected;
    final Counter recoveries;
    final Counter heartbeatTimeouts;

    private final Supplier<PikaListenerViews> listenerViews;

    ConnectionMeters(
            String name, PikaMeterNames names, MeterRegistry registry, Supplier<PikaListenerViews> listenerViews) {
        this.name = name;
        this.listenerViews = listenerViews;
        Tags tags = Tags.of(PikaMeterNames.CONNECTION_TAG, name);
        Gauge.builder(names.connections(), open, AtomicInteger::get)
                .tags(tags)
                .description("Whether the connection is open (1) or not (0)")
                .register(registry);
        Gauge.builder(names.channels(), channels, AtomicInteger::get)
                .tags(tags)
                .description("Channels open on the connection")
                .register(registry);
        Gauge.builder(names.deliveriesInFlight(), this, m -> m.sumOfListeners(PikaListenerSnapshot::inFlight))
                .tags(tags)
                .description("Deliveries received by the connection's listeners and not yet acknowledged")
                .register(registry);
        Gauge.builder(names.workerQueue(), this, m -> m.sumOfListeners(PikaListenerSnapshot::queuedDeliveries))
                .tags(tags)
                .description("Deliveries of the connection's listeners waiting for a worker thread")
                .register(registry);
        Gauge.builder(names.workerActive(), this, m -> m.sumOfListeners(PikaListenerSnapshot::activeWorkers))
                .tags(tags)
                .description("Worker threads running listener code for the connection's listeners")
                .register(registry);
        published = counter(registry, names.published(), tags, "Messages published");
        publishedAcked = counter(registry, names.publishedAcked(), tags, "Published messages confirmed by the broker");
        publishedNacked = counter(registry, names.publishedNacked(), tags, "Published messages refused by the broker");
        returned = counter(registry, names.returned(), tags, "Unroutable mandatory messages returned by the broker");
        consumed = counter(registry, names.consumed(), tags, "Messages delivered to consumers or fetched");
        redelivered = counter(registry, names.redelivered(), tags, "Consumed messages flagged as redelivered");
        acked = counter(registry, names.acked(), tags, "Deliveries acknowledged by the client");
        nacked = counter(registry, names.nacked(), tags, "Deliveries negatively acknowledged by the client");
        rejected = counter(registry, names.rejected(), tags, "Deliveries rejected by the client");
        recoveries = counter(registry, names.recoveries(), tags, "Times the connection was re-established");
        heartbeatTimeouts = counter(
                registry, names.heartbeatTimeouts(), tags, "Times the broker missed its heartbeats and was given up");
    }

    private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
        return Counter.builder(name).tags(tags).description(description).register(registry);
    }

    /** Gauge read (any thread): the sum of one number over this connection's listeners. */
    private double sumOfListeners(ToIntFunction<PikaListenerSnapshot> value) {
        PikaListenerViews views = listenerViews.get();
        if (views == null) {
            return 0;
        }
        long sum = 0;
        for (PikaListenerSnapshot listener : views.getListenerSnapshots()) {
            if (name.equals(listener.connectionName())) {
                sum += value.applyAsInt(listener);
            }
        }
        return sum;
    }
}
