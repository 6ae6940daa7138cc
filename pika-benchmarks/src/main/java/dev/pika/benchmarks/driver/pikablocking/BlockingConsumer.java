package dev.pika.benchmarks.driver.pikablocking;

import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.benchmarks.driver.Acker;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One consumer of the pika-blocking driver: a thread of its own that uses the {@code BlockingConnection} the way a
 * Pika program does ({@code channel()}, {@code basicQos}, {@code basicConsume}, then {@code startConsuming()} until
 * cancelled). Deliveries are dispatched on that thread; acks are {@code basicAck} there, or, from the benchmark's
 * worker threads, handed over as {@link WorkerAckMode} says.
 *
 * <p>Thread-safe: {@link #cancel()} and {@link #stop(Duration)} may be called from any thread (they hand {@code
 * stopConsuming} to the consuming thread with {@code addCallbackThreadsafe} and wait for it to end).
 */
final class BlockingConsumer implements ConsumerHandle {

    private final BlockingConnection connection;
    private final ConsumePlan plan;
    private final WorkerAckMode workerAckMode;
    private final Duration timeout;
    private final CompletableFuture<String> subscribed = new CompletableFuture<>();
    private final Thread thread;
    /** Set by the consuming thread before {@link #subscribed} completes. */
    private volatile BlockingChannel channel;
    /** What ended {@code startConsuming} abnormally, or an ack handed to the consuming thread that failed there. */
    private volatile RuntimeException failure;

    private BlockingConsumer(
            BlockingConnection connection,
            ConsumePlan plan,
            WorkerAckMode workerAckMode,
            Duration timeout,
            String threadName) {
        this.connection = connection;
        this.plan = plan;
        this.workerAckMode = workerAckMode;
        this.timeout = timeout;
        this.thread = new Thread(this::consume, threadName);
        thread.setDaemon(true);
    }

    /**
     * Starts the consuming thread and returns once the broker confirmed the subscription.
     *
     * @param connection the connection (no other thread may be inside it while the consumer runs)
     * @param plan what to consume and how to ack
     * @param workerAckMode how worker threads ack
     * @param timeout bounds the subscription and, later, the end of the consuming thread
     * @param threadName the consuming thread's name
     * @return the running consumer
     * @throws DriverException when the subscription failed or took longer than {@code timeout}
     */
    static BlockingConsumer start(
            BlockingConnection connection,
            ConsumePlan plan,
            WorkerAckMode workerAckMode,
            Duration timeout,
            String threadName) {
        BlockingConsumer consumer = new BlockingConsumer(connection, plan, workerAckMode, timeout, threadName);
        consumer.thread.start();
        try {
            consumer.subscribed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            consumer.thread.interrupt();
            throw new DriverException(
                    "pika-blocking could not consume from '" + plan.queue() + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            consumer.stop(timeout);
            throw new DriverException(
                    "pika-blocking: the subscription to '" + plan.queue() + "' was not confirmed within " + timeout, e);
        }
        return consumer;
    }

    /** The consuming thread. */
    private void consume() {
        try {
            BlockingChannel opened = connection.channel();
            channel = opened;
            if (plan.prefetch() > 0) {
                opened.basicQos(plan.prefetch());
            }
            Acker acker = acker(opened);
            String tag = opened.basicConsume(
                    plan.queue(),
                    (deliveredOn, deliver, properties, body) -> plan.delivered(body, deliver.deliveryTag(), acker),
                    plan.autoAck(),
                    false,
                    null,
                    null);
            subscribed.complete(tag);
            opened.startConsuming();
        } catch (RuntimeException e) {
            if (!subscribed.completeExceptionally(e)) {
                failure = e;
            }
        }
    }

    /** Acks on the consuming thread directly; from a worker thread as {@link #workerAckMode} says. */
    private Acker acker(BlockingChannel opened) {
        return (deliveryTag, multiple) -> {
            if (Thread.currentThread() == thread) {
                ack(opened, deliveryTag, multiple);
                return;
            }
            RuntimeException failed = failure;
            if (failed != null) {
                throw new DriverException("pika-blocking: the consumer failed: " + failed, failed);
            }
            if (workerAckMode == WorkerAckMode.DIRECT) {
                ack(opened, deliveryTag, multiple);
                return;
            }
            try {
                connection.addCallbackThreadsafe(() -> {
                    try {
                        opened.basicAck(deliveryTag, multiple);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                });
            } catch (RuntimeException e) {
                throw new DriverException("pika-blocking could not hand over the ack of " + deliveryTag + ": " + e, e);
            }
        };
    }

    private static void ack(BlockingChannel opened, long deliveryTag, boolean multiple) {
        try {
            opened.basicAck(deliveryTag, multiple);
        } catch (RuntimeException e) {
            throw new DriverException("pika-blocking could not ack delivery " + deliveryTag + ": " + e, e);
        }
    }

    /**
     * Cancels the subscription: {@code stopConsuming()} on the consuming thread, after the acks handed over before it;
     * waits for the thread to end. Never throws.
     */
    @Override
    public void cancel() {
        stop(timeout);
    }

    /**
     * Ends the consuming thread within {@code bound}: asks it to {@code stopConsuming()}, and interrupts it when it has
     * not ended in time ({@code startConsuming} returns when interrupted). Never throws.
     *
     * @param bound how long to wait for a clean stop, and again after the interrupt
     */
    void stop(Duration bound) {
        if (!thread.isAlive()) {
            return;
        }
        try {
            connection.addCallbackThreadsafe(() -> {
                BlockingChannel opened = channel;
                if (opened != null && opened.isOpen()) {
                    opened.stopConsuming();
                }
            });
        } catch (RuntimeException e) {
            thread.interrupt(); // the connection is gone: startConsuming has returned or will on the interrupt
        }
        try {
            thread.join(bound.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the consuming thread is still in {@code startConsuming}.
     *
     * @return true while it runs
     */
    boolean isRunning() {
        return thread.isAlive();
    }
}
