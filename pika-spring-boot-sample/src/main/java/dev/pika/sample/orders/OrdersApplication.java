package dev.pika.sample.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The order-processing sample: {@code POST /orders} publishes an order with publisher confirms, a
 * {@code @PikaListener} processes it slowly on a worker pool, a poison order ends in {@code orders.dlq},
 * and {@code /actuator/health} shows the connection. With no {@code pika.url} / {@code PIKA_URL} it runs
 * on an embedded broker (see {@link dev.pika.sample.orders.broker.EmbeddedBrokerByDefault}).
 *
 * <p>Not instantiated by application code; Spring creates it once.
 */
@SpringBootApplication
@EnableConfigurationProperties(OrdersProperties.class)
public class OrdersApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot's command-line arguments ({@code --sample.orders.processing-time=200ms}...)
     */
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
