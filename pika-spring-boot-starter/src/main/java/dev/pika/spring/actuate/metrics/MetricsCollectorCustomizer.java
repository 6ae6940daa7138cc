package dev.pika.spring.actuate.metrics;

import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.spring.autoconfigure.ConnectionParametersCustomizer;
import java.util.Objects;
import org.springframework.core.Ordered;

/**
 * Installs the {@link MicrometerMetricsCollector} on the parameters of every connection. It runs after
 * the application's customizers ({@link Ordered#LOWEST_PRECEDENCE}) and keeps a collector one of them
 * set: both are then called ({@link CombinedMetricsCollector}).
 *
 * <p>Immutable and thread-safe.
 */
public class MetricsCollectorCustomizer implements ConnectionParametersCustomizer, Ordered {

    private final MicrometerMetricsCollector collector;

    /**
     * Creates the customizer.
     *
     * @param collector the collector to install
     */
    public MetricsCollectorCustomizer(MicrometerMetricsCollector collector) {
        this.collector = Objects.requireNonNull(collector, "collector must not be null");
    }

    @Override
    public void customize(ConnectionParameters.Builder builder) {
        MetricsCollector existing = current(builder);
        if (existing == MetricsCollector.NOOP || existing == collector || contains(existing)) {
            builder.metricsCollector(existing == MetricsCollector.NOOP ? collector : existing);
        } else {
            builder.metricsCollector(new CombinedMetricsCollector(existing, collector));
        }
    }

    private boolean contains(MetricsCollector existing) {
        return existing instanceof CombinedMetricsCollector combined
                && (combined.second() == collector || combined.first() == collector);
    }

    /** The collector set so far; the builder has no getter, so build a copy (no side effect). */
    private static MetricsCollector current(ConnectionParameters.Builder builder) {
        try {
            return builder.build().metricsCollector();
        } catch (IllegalArgumentException e) {
            return MetricsCollector.NOOP; // invalid settings: the factory's own build reports them
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
