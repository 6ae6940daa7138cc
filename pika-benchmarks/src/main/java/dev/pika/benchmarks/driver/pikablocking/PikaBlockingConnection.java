package dev.pika.benchmarks.driver.pikablocking;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.driver.PublishPlan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@link BlockingConnection} driven by the benchmark. Set-up calls (declare, delete, the pre-fill) run on the
 * calling thread, a producer on its producer thread ({@link BlockingPublishLoop}), a consumer on a thread of its own
 * ({@link BlockingConsumer}): the connection serves one application thread at a time, and in a run each connection
 * has one role.
 *
 * <p>Thread-safe as {@link DriverConnection} requires: {@link #close()} may come from another thread while a producer
 * waits in {@code basicPublish} (the close fails that wait) or a consumer is in {@code startConsuming} (it is stopped
 * first).
 */
final class PikaBlockingConnection implements DriverConnection {

    /** Bounds a consumer's subscription and its stop. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close()} retries while the producer thread is briefly inside the connection. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final BasicProperties PERSISTENT =
            BasicProperties.builder().deliveryMode(2).build();

    private final BlockingConnection connection;
    private final String name;
    private final WorkerAckMode workerAckMode;
    private volatile boolean closing;
    private volatile BlockingConsumer consumer;
    /** The calling thread of the set-up methods only. */
    private BlockingChannel adminChannel;

    private PikaBlockingConnection(BlockingConnection connection, String name, WorkerAckMode workerAckMode) {
        this.connection = connection;
        this.name = name;
        this.workerAckMode = workerAckMode;
    }

    /**
     * Opens a connection and returns once it is open.
     *
     * @param uri the broker's AMQP URI
     * @param connectionName the {@code connection_name} client property
     * @param workerAckMode how worker threads ack
     * @return the open connection
     * @throws DriverException when it cannot be opened
     */
    static PikaBlockingConnection open(String uri, String connectionName, WorkerAckMode workerAckMode) {
        ConnectionParameters parameters;
        try {
            parameters = ConnectionParameters.fromUrl(uri).toBuilder()
                    .connectionName(connectionName)
                    .build();
        } catch (RuntimeException e) {
            throw new DriverException("pika-blocking refused the URI: " + e.getMessage(), e);
        }
        try {
            return new PikaBlockingConnection(new BlockingConnection(parameters), connectionName, workerAckMode);
        } catch (RuntimeException e) {
            throw new DriverException(
                    "pika-blocking could not connect to " + parameters.host() + ":" + parameters.port() + ": " + e, e);
        }
    }

    @Override
    public String serverDescription() {
        Map<String, Object> properties = connection.serverProperties();
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
            adminChannel().queueDeclare(queue, false, durable, false, false, null);
        } catch (RuntimeException e) {
            throw new DriverException("pika-blocking could not declare queue '" + queue + "': " + e, e);
        }
    }

    @Override
    public void deleteQueue(String queue) {
        try {
            adminChannel().queueDelete(queue);
        } catch (RuntimeException e) {
            throw new DriverException("pika-blocking could not delete queue '" + queue + "': " + e, e);
        }
    }

    private BlockingChannel adminChannel() {
        if (adminChannel == null || !adminChannel.isOpen()) {
            adminChannel = connection.channel();
        }
        return adminChannel;
    }

    @Override
    public void runPublisher(PublishPlan plan) {
        try {
            BlockingChannel channel = connection.channel();
            BlockingPublishLoop.Confirms confirms = BlockingPublishLoop.confirmsFor(plan);
            if (confirms != BlockingPublishLoop.Confirms.NONE) {
                channel.confirmDelivery();
            } else if (plan.mandatory()) {
                // In confirm mode a returned message fails its publish with UnroutableException: counted there.
                channel.addOnReturnCallback((returnedOn, method, properties, body) -> plan.onReturn());
            }
            String exchange = plan.exchange();
            String routingKey = plan.routingKey();
            boolean mandatory = plan.mandatory();
            BasicProperties properties = plan.persistent() ? PERSISTENT : null;
            BlockingPublishLoop.Target target = new BlockingPublishLoop.Target() {
                @Override
                public void publish(byte[] body) {
                    channel.basicPublish(exchange, routingKey, body, properties, mandatory);
                }

                @Override
                public CompletableFuture<Void> publishConfirmed(byte[] body) {
                    return channel.basicPublishConfirmed(exchange, routingKey, body, properties, mandatory);
                }
            };
            new BlockingPublishLoop(
                            plan,
                            confirms,
                            target,
                            mandatory ? () -> connection.processDataEvents(Duration.ZERO) : null,
                            () -> closing)
                    .run();
        } catch (RuntimeException e) {
            if (plan.isFinished() && (closing || !connection.isOpen())) {
                return; // the run closed the connection to unblock this publisher
            }
            throw e instanceof DriverException driverException
                    ? driverException
                    : new DriverException("pika-blocking publisher failed: " + e, e);
        }
    }

    @Override
    public ConsumerHandle startConsumer(ConsumePlan plan) {
        BlockingConsumer started =
                BlockingConsumer.start(connection, plan, workerAckMode, CALL_TIMEOUT, "pika-blocking-consumer-" + name);
        consumer = started;
        return started;
    }

    @Override
    public void close() {
        closing = true;
        BlockingConsumer running = consumer;
        if (running != null) {
            running.stop(CLOSE_TIMEOUT);
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        while (true) {
            try {
                connection.close();
                return;
            } catch (IllegalStateException busy) {
                // The producer thread is inside processDataEvents for a moment: it stops dispatching once it sees
                // closing, so the connection is free again within one dispatch.
                if (System.nanoTime() - deadline >= 0) {
                    return;
                }
                LockSupport.parkNanos(1_000_000);
            } catch (RuntimeException e) {
                return; // already broken or failed while closing: gone either way
            }
        }
    }
}
