package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.adapters.select.IoLoop;
import dev.pika.benchmarks.driver.ConfirmTracker;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.driver.MessageBodies;
import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.benchmarks.driver.RatePacer;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.io.TimerReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One producer whose publishing loop runs on the connection's {@code IoLoop}, the way an asynchronous pika
 * application publishes: a pump publishes while the plan allows it and the connection is writable, and stops to wait
 * for whatever holds it back; the confirm callback (the window has room again), a {@code callLater} timer (the next
 * message is due) or the write-buffer-drained callback restarts it. A pump turn publishes at most a batch, then lets
 * the loop turn (read confirms, flush). The benchmark's producer thread only waits until the pump is done.
 *
 * <p>Threading: {@link #run()} on the producer thread; the pump and the callbacks on the loop's thread (the plan is
 * used by the loop only, apart from the thread-safe {@link PublishPlan#awaitSettled()} after the pump has ended);
 * {@link #stop()} on any thread.
 */
final class LoopPublisher implements Publisher {

    private static final long STOP_CHECK_MILLIS = 50;

    private final Connection connection;
    private final Channel channel;
    private final IoLoop loop;
    private final PublishPlan plan;
    private final BasicProperties properties;
    private final ConfirmTracker confirms;
    private final RatePacer pacer;
    private final int batch;
    private final Runnable pumpTask = this::pump;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Loop thread: the pump waits for a confirm to make room in the window. */
    private boolean waitingForConfirm;
    /** Loop thread: the pump waits for the write buffer to drain. */
    private boolean waitingForDrain;
    /** Loop thread: the timer that restarts the pump when the next message is due. */
    private TimerReference pacerTimer;

    private volatile boolean stopped;

    /**
     * Prepares the publisher; call {@link #run()} on the producer thread next.
     *
     * @param connection the open connection
     * @param channel the open channel (in confirm mode when the plan has confirms)
     * @param loop the connection's loop
     * @param plan what to publish
     */
    LoopPublisher(Connection connection, Channel channel, IoLoop loop, PublishPlan plan) {
        this.connection = connection;
        this.channel = channel;
        this.loop = loop;
        this.plan = plan;
        this.properties = plan.persistent()
                ? BasicProperties.builder()
                        .deliveryMode(DeliveryMode.PERSISTENT)
                        .build()
                : null;
        this.confirms = plan.confirms();
        this.pacer = plan.pacer();
        int bodySize = Math.max(MessageBodies.MIN_SIZE, plan.bodySize());
        this.batch = Math.max(1, Math.min(PublishHandOff.MAX_BATCH_MESSAGES, PublishHandOff.BATCH_BYTES / bodySize));
    }

    @Override
    public void run() {
        loop.addCallbackThreadsafe(pumpTask);
        while (true) {
            try {
                done.get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (stopped || connection.isClosed()) {
                    return;
                }
                // A pump waiting for a confirm that does not come would not see the run's stop: look on the loop.
                loop.addCallbackThreadsafe(this::finishIfOver);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof DriverException driverException
                        ? driverException
                        : new DriverException("pika-select publisher failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException("interrupted while publishing", e);
            }
        }
        if (!stopped) {
            plan.awaitSettled();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        done.complete(null);
    }

    @Override
    public void onConfirm() {
        if (waitingForConfirm && confirms.hasSlot()) {
            waitingForConfirm = false;
            pump();
        }
    }

    @Override
    public void onWriteBufferDrained() {
        if (waitingForDrain) {
            waitingForDrain = false;
            pump();
        }
    }

    private void finishIfOver() {
        if (!done.isDone() && plan.isFinished()) {
            finish();
        }
    }

    private void finish() {
        if (pacerTimer != null) {
            pacerTimer.cancel();
            pacerTimer = null;
        }
        done.complete(null);
    }

    /** Loop thread: publishes until the plan, the window, the rate, the write buffer or the batch says stop. */
    private void pump() {
        if (done.isDone()) {
            return;
        }
        pacerTimer = null;
        try {
            for (int count = 0; ; count++) {
                if (plan.isFinished()) {
                    finish();
                    return;
                }
                if (!connection.isWritable()) {
                    waitingForDrain = true;
                    return;
                }
                if (confirms != null && !confirms.hasSlot()) {
                    waitingForConfirm = true;
                    return;
                }
                if (pacer != null) {
                    long wait = pacer.nanosUntilNext();
                    if (wait > 0) {
                        pacerTimer = loop.callLater(Duration.ofNanos(wait), pumpTask);
                        return;
                    }
                }
                if (count == batch) {
                    loop.addCallbackThreadsafe(pumpTask);
                    return;
                }
                if (pacer != null) {
                    pacer.advance();
                }
                byte[] body = plan.nextBody();
                if (confirms != null) {
                    plan.beforePublish(channel.nextPublishSequenceNumber());
                }
                channel.basicPublish(plan.exchange(), plan.routingKey(), body, properties, plan.mandatory());
                plan.afterPublish();
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
