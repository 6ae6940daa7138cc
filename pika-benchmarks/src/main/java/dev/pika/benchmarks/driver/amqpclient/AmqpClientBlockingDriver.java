package dev.pika.benchmarks.driver.amqpclient;

import com.rabbitmq.client.ConnectionFactory;
import dev.pika.benchmarks.driver.KnownClient;

/**
 * {@code amqp-client}: the RabbitMQ Java client on blocking socket I/O, its default (a reader thread per connection,
 * writes on the publishing thread under the channel's lock).
 *
 * <p>Thread-safe and stateless.
 */
public final class AmqpClientBlockingDriver extends AmqpClientDriver {

    /** Creates the driver (found by {@link java.util.ServiceLoader}). */
    public AmqpClientBlockingDriver() {}

    @Override
    public String name() {
        return KnownClient.AMQP_CLIENT.clientName();
    }

    @Override
    public String description() {
        return "RabbitMQ Java client " + clientVersion() + ", blocking socket I/O";
    }

    @Override
    protected void configureTransport(ConnectionFactory factory) {
        factory.useBlockingIo();
    }
}
