package dev.pika.benchmarks.driver.pikalistener;

import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.PublishPlan;

/**
 * A pika-listener connection: a pika-select connection for set-up and publishing, and, once
 * {@link #startConsumer(ConsumePlan)} is called, a {@link ListenerConsumer} with its own connection.
 *
 * <p>Thread-safe as {@link DriverConnection} requires: the consumer field is written once by the consumer's thread
 * and read by {@link #close()}.
 */
final class PikaListenerConnection implements DriverConnection {

    private final DriverConnection select;
    private final String uri;
    private final String connectionName;
    private final int concurrency;
    private volatile ListenerConsumer consumer;

    PikaListenerConnection(DriverConnection select, String uri, String connectionName, int concurrency) {
        this.select = select;
        this.uri = uri;
        this.connectionName = connectionName;
        this.concurrency = concurrency;
    }

    @Override
    public String serverDescription() {
        return select.serverDescription();
    }

    @Override
    public void declareQueue(String queue, boolean durable) {
        select.declareQueue(queue, durable);
    }

    @Override
    public void deleteQueue(String queue) {
        select.deleteQueue(queue);
    }

    @Override
    public void runPublisher(PublishPlan plan) {
        select.runPublisher(plan);
    }

    @Override
    public ConsumerHandle startConsumer(ConsumePlan plan) {
        if (consumer != null) {
            throw new IllegalStateException("pika-listener: this connection already has a consumer");
        }
        ListenerConsumer started = ListenerConsumer.start(uri, connectionName, plan, concurrency);
        consumer = started;
        return started;
    }

    @Override
    public void close() {
        try {
            ListenerConsumer running = consumer;
            if (running != null) {
                running.close();
            }
        } finally {
            select.close();
        }
    }
}
