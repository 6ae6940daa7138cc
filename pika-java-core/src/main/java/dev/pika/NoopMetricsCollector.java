package dev.pika;

/** {@link MetricsCollector#NOOP}: inherits every do-nothing default. Stateless and thread-safe. */
final class NoopMetricsCollector implements MetricsCollector {

    static final NoopMetricsCollector INSTANCE = new NoopMetricsCollector();

    private NoopMetricsCollector() {}

    @Override
    public String toString() {
        return "MetricsCollector.NOOP";
    }
}
