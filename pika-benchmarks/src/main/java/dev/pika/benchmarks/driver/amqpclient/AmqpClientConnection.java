package dev.pika.benchmarks.driver.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.pika.benchmarks.driver.Acker;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.driver.PublishPlan;
import java.io.IOException;
import java.util.Map;

/**
 * One RabbitMQ Java client connection driven by the benchmark.
 *
 * <p>Thread-safe as {@link DriverConnection} requires: the client's channels are thread-safe for acks and publishes;
 * set-up calls come from one thread.
 */
final class AmqpClientConnection implements DriverConnection {

    private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

    private final Connection connection;
    private Channel adminChannel;

    AmqpClientConnection(Connection connection) {
        this.connection = connection;
    }

    @Override
    public String serverDescription() {
        Map<String, Object> properties = connection.getServerProperties();
        Object product = properties.get("product");
        Object version = properties.get("version");
        if (product == null) {
            return "unknown";
        }
        return version == null ? product.toString() : product + " " + version;
    }

    @Override
    public void declareQueue(String queue, boolean durable) {
        try {
            adminChannel().queueDeclare(queue, durable, false, false, null);
        } catch (IOException e) {
            throw new DriverException("amqp-client could not declare queue '" + queue + "': " + e, e);
        }
    }

    @Override
    public void deleteQueue(String queue) {
        try {
            adminChannel().queueDelete(queue);
        } catch (IOException e) {
            throw new DriverException("amqp-client could not delete queue '" + queue + "': " + e, e);
        }
    }

    private synchronized Channel adminChannel() throws IOException {
        if (adminChannel == null || !adminChannel.isOpen()) {
            adminChannel = connection.createChannel();
        }
        return adminChannel;
    }

    @Override
    public void runPublisher(PublishPlan plan) {
        try {
            Channel channel = connection.createChannel();
            if (plan.confirmsEnabled()) {
                channel.confirmSelect();
                channel.addConfirmListener(
                        (tag, multiple) -> plan.onConfirm(tag, multiple, true),
                        (tag, multiple) -> plan.onConfirm(tag, multiple, false));
            }
            if (plan.mandatory()) {
                channel.addReturnListener(returned -> plan.onReturn());
            }
            AMQP.BasicProperties properties = plan.persistent() ? MessageProperties.MINIMAL_PERSISTENT_BASIC : null;
            String exchange = plan.exchange();
            String routingKey = plan.routingKey();
            boolean mandatory = plan.mandatory();
            boolean confirms = plan.confirmsEnabled();
            while (plan.awaitNextPublish()) {
                byte[] body = plan.nextBody();
                if (confirms) {
                    plan.beforePublish(channel.getNextPublishSeqNo());
                }
                channel.basicPublish(exchange, routingKey, mandatory, properties, body);
                plan.afterPublish();
            }
            plan.awaitSettled();
        } catch (IOException | RuntimeException e) {
            if (plan.isFinished() && !connection.isOpen()) {
                return; // the run closed the connection to unblock this publisher
            }
            throw new DriverException("amqp-client publisher failed: " + e, e);
        }
    }

    @Override
    public ConsumerHandle startConsumer(ConsumePlan plan) {
        try {
            Channel channel = connection.createChannel();
            if (plan.prefetch() > 0) {
                channel.basicQos(plan.prefetch());
            }
            Acker acker = (tag, multiple) -> {
                try {
                    channel.basicAck(tag, multiple);
                } catch (IOException e) {
                    throw new DriverException("amqp-client could not ack delivery " + tag + ": " + e, e);
                }
            };
            String consumerTag = channel.basicConsume(plan.queue(), plan.autoAck(), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(
                        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    plan.delivered(body, envelope.getDeliveryTag(), acker);
                }
            });
            return () -> {
                try {
                    if (channel.isOpen()) {
                        channel.basicCancel(consumerTag);
                    }
                } catch (IOException | RuntimeException e) {
                    // The connection is going away anyway; cancelling is best effort.
                }
            };
        } catch (IOException e) {
            throw new DriverException("amqp-client could not start a consumer on '" + plan.queue() + "': " + e, e);
        }
    }

    @Override
    public void close() {
        if (!connection.isOpen()) {
            return;
        }
        try {
            connection.close(CLOSE_TIMEOUT_MILLIS);
        } catch (IOException | RuntimeException e) {
            connection.abort(CLOSE_TIMEOUT_MILLIS);
        }
    }
}
