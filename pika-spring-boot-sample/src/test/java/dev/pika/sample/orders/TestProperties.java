package dev.pika.sample.orders;

import java.time.Duration;

/** {@link OrdersProperties} for unit tests: the defaults of {@code application.yml}, with changes. */
final class TestProperties {

    private TestProperties() {}

    static OrdersProperties defaults() {
        return withProcessingTime(Duration.ofSeconds(5));
    }

    static OrdersProperties withProcessingTime(Duration processingTime) {
        return new OrdersProperties(
                "orders", "order.created", "orders", "orders.dlq", processingTime, 8, 16, Duration.ofSeconds(20));
    }

    static OrdersProperties withPublishTimeout(Duration publishTimeout) {
        return new OrdersProperties(
                "orders", "order.created", "orders", "orders.dlq", Duration.ZERO, 8, 16, publishTimeout);
    }
}
