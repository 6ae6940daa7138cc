package dev.pika.sample.orders;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OrdersPropertiesTest {

    @Test
    void namesThePropertyToFix() {
        assertThatThrownBy(() -> new OrdersProperties(
                        "orders", "k", "orders", "orders.dlq", Duration.ofSeconds(1), 8, 4, Duration.ofSeconds(1)))
                .hasMessageContaining("sample.orders.prefetch (4) must be at least sample.orders.concurrency (8)");
        assertThatThrownBy(() -> new OrdersProperties(
                        "orders", "k", "orders", "orders", Duration.ofSeconds(1), 1, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("sample.orders.dead-letter-queue must differ");
        assertThatThrownBy(() -> new OrdersProperties(
                        "orders", "k", " ", "orders.dlq", Duration.ofSeconds(1), 1, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("sample.orders.queue must not be blank");
        assertThatThrownBy(() -> new OrdersProperties(
                        "orders", "k", "orders", "orders.dlq", Duration.ofSeconds(-1), 1, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("sample.orders.processing-time must not be negative");
        assertThatThrownBy(() ->
                        new OrdersProperties("orders", "k", "orders", "orders.dlq", Duration.ZERO, 1, 1, Duration.ZERO))
                .hasMessageContaining("sample.orders.publish-timeout must be positive");
    }
}
