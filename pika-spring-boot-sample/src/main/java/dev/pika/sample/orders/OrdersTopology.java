package dev.pika.sample.orders;

import dev.pika.spring.core.Binding;
import dev.pika.spring.core.Declarables;
import dev.pika.spring.core.Exchange;
import dev.pika.spring.core.Queue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker entities the sample needs, declared by the starter's {@code PikaAdmin} when the connection
 * opens and again after every recovery: the durable direct exchange {@code orders}, the durable queue
 * {@code orders} bound to it with {@code order.created}, and the durable dead-letter queue {@code
 * orders.dlq} (names from {@code sample.orders.*}). No RabbitMQ-only queue arguments, so the same
 * topology works on the embedded broker.
 *
 * <p>Spring instantiates this class once; it holds no state.
 */
@Configuration(proxyBeanMethods = false)
public class OrdersTopology {

    /**
     * The exchange, queues and binding.
     *
     * @param properties the names
     * @return the declarations
     */
    @Bean
    public Declarables ordersDeclarables(OrdersProperties properties) {
        Exchange exchange = Exchange.direct(properties.exchange()).build();
        Queue orders = Queue.durable(properties.queue()).build();
        Queue deadLetters = Queue.durable(properties.deadLetterQueue()).build();
        return new Declarables(
                exchange, orders, deadLetters, Binding.bind(orders).to(exchange).with(properties.routingKey()));
    }
}
