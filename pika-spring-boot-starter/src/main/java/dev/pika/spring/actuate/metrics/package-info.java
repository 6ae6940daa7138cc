/**
 * Micrometer meters of the starter ({@code pika.*} names, prefix configurable with {@code
 * pika.metrics.prefix}): the connection-level {@link dev.pika.spring.actuate.metrics.MicrometerMetricsCollector}
 * fed by the core's {@code MetricsCollector} hooks, the publish-confirm timer ({@link
 * dev.pika.spring.actuate.metrics.PikaPublishMetrics}) and the listener timer ({@link
 * dev.pika.spring.actuate.metrics.PikaListenerMetrics}), all {@code MeterBinder}s, and their
 * auto-configuration. Needs Micrometer ({@code micrometer-core}, an optional dependency of the starter).
 * {@link dev.pika.spring.actuate.metrics.PikaMeterNames} lists every name.
 */
package dev.pika.spring.actuate.metrics;
