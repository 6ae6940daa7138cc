package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.benchmarks.driver.Acker;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@link SelectConnection} driven by the benchmark. Every call into the connection and its channels runs on the
 * connection's loop: set-up calls are handed in with {@code addCallbackThreadsafe} and waited for ({@link LoopCalls});
 * publishing goes through a {@link PublishHandOff} or a {@link LoopPublisher} ({@link PublisherMode}); deliveries and
 * confirms arrive on the loop.
 *
 * <p>Thread-safe as {@link DriverConnection} requires.
 */
final class PikaSelectConnection implements DriverConnection {

    /** Bounds opening the connection (the workflow has its own socket and stack timeouts within it). */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds a set-up call (declare, delete, open a channel, qos, consume, cancel). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds the close handshake, as the amqp-client driver's close. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final SelectConnection connection;
    private final PublisherMode publisherMode;
    private final IoLoop loop;
    private final LoopPool.Lease lease;
    private final CompletableFuture<AmqpConnectionException> closed;
    /** Loop thread only. */
    private Channel adminChannel;

    private volatile Publisher publisher;
    /** Set when {@link #close()} begins: a publish failing on the closing channel after a stop is not an error. */
    private volatile boolean closeRequested;
    /** An ack handed to the loop by a worker thread failed there; the next ack reports it. */
    private volatile RuntimeException ackFailure;

    private PikaSelectConnection(
            SelectConnection connection,
            PublisherMode publisherMode,
            LoopPool.Lease lease,
            CompletableFuture<AmqpConnectionException> closed) {
        this.connection = connection;
        this.publisherMode = publisherMode;
        this.loop = lease.loop();
        this.lease = lease;
        this.closed = closed;
    }

    /**
     * Opens a connection on a loop of the pool and waits until it is open.
     *
     * @param uri the broker's AMQP URI
     * @param connectionName the {@code connection_name} client property
     * @param pool the driver's loops
     * @param publisherMode how producers publish
     * @return the open connection
     * @throws DriverException when it cannot be opened
     */
    static PikaSelectConnection open(String uri, String connectionName, LoopPool pool, PublisherMode publisherMode) {
        ConnectionParameters parameters;
        try {
            parameters = ConnectionParameters.fromUrl(uri).toBuilder()
                    .connectionName(connectionName)
                    .build();
        } catch (RuntimeException e) {
            throw new DriverException("pika-select refused the URI: " + e.getMessage(), e);
        }
        LoopPool.Lease lease = pool.acquire();
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        CompletableFuture<AmqpConnectionException> closed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                parameters,
                opened::complete,
                (failed, error) -> {
                    opened.completeExceptionally(error);
                    closed.complete(error);
                },
                (gone, reason) -> closed.complete(reason),
                lease.loop());
        try {
            opened.get(OPEN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            lease.release();
            throw new DriverException(
                    "pika-select could not connect to " + parameters.host() + ":" + parameters.port() + ": "
                            + e.getCause(),
                    e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lease.loop().addCallbackThreadsafe(() -> {
                if (!connection.isClosed() && !connection.isClosing()) {
                    connection.close();
                }
            });
            lease.release();
            throw new DriverException("pika-select could not connect within " + OPEN_TIMEOUT, e);
        }
        return new PikaSelectConnection(connection, publisherMode, lease, closed);
    }

    @Override
    public String serverDescription() {
        Map<String, Object> properties =
                LoopCalls.call(loop, "read the server properties", CALL_TIMEOUT, connection::serverProperties);
        Object product = properties.get("product");
        Object version = properties.get("version");
        if (product == null) {
            return "unknown";
        }
        return version == null ? product.toString() : product + " " + version;
    }

    @Override
    public void declareQueue(String queue, boolean durable) {
        Channel channel = adminChannel();
        LoopCalls.await(
                loop,
                "declare queue '" + queue + "'",
                CALL_TIMEOUT,
                () -> channel.queueDeclare(queue, false, durable, false, false, null));
    }

    @Override
    public void deleteQueue(String queue) {
        Channel channel = adminChannel();
        LoopCalls.await(loop, "delete queue '" + queue + "'", CALL_TIMEOUT, () -> channel.queueDelete(queue));
    }

    private Channel adminChannel() {
        return LoopCalls.await(loop, "open a channel", CALL_TIMEOUT, () -> {
            if (adminChannel != null && adminChannel.isOpen()) {
                return CompletableFuture.completedFuture(adminChannel);
            }
            return connection.openChannel().thenApply(channel -> adminChannel = channel);
        });
    }

    @Override
    public void runPublisher(PublishPlan plan) {
        try {
            Channel channel = LoopCalls.await(loop, "open a channel", CALL_TIMEOUT, connection::openChannel);
            Publisher producer = publisherMode == PublisherMode.LOOP
                    ? new LoopPublisher(connection, channel, loop, plan)
                    : new PublishHandOff(connection, channel, loop, plan);
            if (plan.confirmsEnabled()) {
                LoopCalls.await(
                        loop,
                        "turn on publisher confirms",
                        CALL_TIMEOUT,
                        () -> channel.confirmDelivery(method -> {
                            onConfirm(plan, method);
                            producer.onConfirm();
                        }));
            }
            LoopCalls.call(loop, "add the publisher's callbacks", CALL_TIMEOUT, () -> {
                connection.addOnWriteBufferDrainedCallback(drained -> producer.onWriteBufferDrained());
                if (plan.mandatory()) {
                    channel.addOnReturnCallback((returnedOn, method, properties, body) -> plan.onReturn());
                }
                return null;
            });
            publisher = producer;
            if (closed.isDone()) {
                producer.stop();
            }
            producer.run();
        } catch (RuntimeException e) {
            if (plan.isFinished() && (closed.isDone() || closeRequested)) {
                return; // the run stopped the publisher and closed the connection (done or still closing)
            }
            throw e instanceof DriverException driverException
                    ? driverException
                    : new DriverException("pika-select publisher failed: " + e, e);
        }
    }

    private static void onConfirm(PublishPlan plan, Method method) {
        if (method instanceof Basic.Ack ack) {
            plan.onConfirm(ack.deliveryTag(), ack.multiple(), true);
        } else if (method instanceof Basic.Nack nack) {
            plan.onConfirm(nack.deliveryTag(), nack.multiple(), false);
        }
    }

    @Override
    public ConsumerHandle startConsumer(ConsumePlan plan) {
        Channel channel = LoopCalls.await(loop, "open a channel", CALL_TIMEOUT, connection::openChannel);
        if (plan.prefetch() > 0) {
            LoopCalls.await(loop, "set the prefetch", CALL_TIMEOUT, () -> channel.basicQos(plan.prefetch()));
        }
        Acker acker = acker(channel);
        Basic.ConsumeOk ok = LoopCalls.await(
                loop,
                "consume from '" + plan.queue() + "'",
                CALL_TIMEOUT,
                () -> channel.basicConsumeFuture(
                        plan.queue(),
                        (deliveredOn, deliver, properties, body) -> plan.delivered(body, deliver.deliveryTag(), acker),
                        plan.autoAck(),
                        false,
                        null,
                        null));
        String consumerTag = ok.consumerTag();
        return () -> {
            try {
                LoopCalls.await(loop, "cancel the consumer", CALL_TIMEOUT, () -> {
                    if (!channel.isOpen()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return channel.basicCancel(consumerTag);
                });
            } catch (RuntimeException e) {
                // The connection is going away anyway; cancelling is best effort.
            }
        };
    }

    /** Acks on the loop directly; from any other thread, hands the ack to the loop. */
    private Acker acker(Channel channel) {
        return (deliveryTag, multiple) -> {
            if (loop.isInLoopThread()) {
                channel.basicAck(deliveryTag, multiple);
                return;
            }
            RuntimeException failed = ackFailure;
            if (failed != null) {
                throw new DriverException("pika-select: an earlier ack failed on the loop: " + failed, failed);
            }
            try {
                loop.addCallbackThreadsafe(() -> {
                    try {
                        channel.basicAck(deliveryTag, multiple);
                    } catch (RuntimeException e) {
                        ackFailure = e;
                    }
                });
            } catch (IllegalStateException closedLoop) {
                throw new DriverException(
                        "pika-select could not ack delivery " + deliveryTag + ": " + closedLoop, closedLoop);
            }
        };
    }

    @Override
    public void close() {
        closeRequested = true;
        Publisher producer = publisher;
        if (producer != null) {
            producer.stop();
        }
        try {
            if (!closed.isDone()) {
                loop.addCallbackThreadsafe(() -> {
                    if (!connection.isClosed() && !connection.isClosing()) {
                        connection.close();
                    }
                });
                closed.get(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // Closing is best effort: a broken connection or a closed loop is gone anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lease.release();
        }
    }
}
