package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.BasicProperties;
import dev.pika.adapters.select.IoLoop;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.driver.MessageBodies;
import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One producer's messages on their way from the benchmark's producer thread to the connection's loop, the way an
 * application that publishes from its own threads drives a {@code SelectConnection}: the producer puts each body in a
 * {@link BodyRing} and, when no drain is pending, hands the loop one drain task. A producer that streams uses
 * {@code addCallbackThreadsafe}: the loop publishes what the ring holds, a batch per loop turn, so that a burst of
 * messages costs one task, one socket write and at most one selector wakeup. A producer that waits after each message
 * (a confirm window of 1, a fixed rate) uses {@code runOrHandOff}: a loop blocked in its selector lets the producer
 * run the drain itself (publish and write, no wake-up, no thread switch), as the library's guidance says. The
 * producer waits when the ring is full; the loop stops draining while the connection is not writable and resumes on
 * its write-buffer-drained callback, so memory stays bounded whatever the broker's pace.
 *
 * <p>In confirm mode, the channel numbers publishes from 1 in the order they are made, and this producer is the
 * channel's only publisher, so the producer registers each message's sequence number in the confirm window before
 * handing it over; the loop checks that {@code basicPublish} returned that number and fails the run if not.
 *
 * <p>Threading: {@link #run()} on the producer thread; {@link #onWriteBufferDrained()} and the drain with the loop's
 * ownership (its thread, or the producer that took the idle loop over); {@link #stop()} on any thread.
 */
final class PublishHandOff implements Publisher {

    /** The most bytes of bodies waiting in the ring. */
    static final int RING_BYTES = 4 << 20;
    /** The most bytes of bodies one drain publishes before it lets the loop turn (read confirms, flush). */
    static final int BATCH_BYTES = 256 << 10;

    /** The most messages one drain publishes. */
    static final int MAX_BATCH_MESSAGES = 1024;

    private static final int MAX_RING_MESSAGES = 4096;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Connection connection;
    private final Channel channel;
    private final IoLoop loop;
    private final PublishPlan plan;
    private final BasicProperties properties;
    private final String exchange;
    private final String routingKey;
    private final boolean mandatory;
    private final boolean confirms;
    /** Whether the producer waits after each message (a confirm window of 1, or a fixed rate). */
    private final boolean waitsAfterEachPublish;

    private final BodyRing ring;
    private final int batch;
    private final Runnable drainTask = this::drain;
    private final Thread producer;

    /** Whether a drain task is queued on the loop or the drain is paused for backpressure. */
    private final AtomicBoolean drainPending = new AtomicBoolean();
    /** Bodies the loop has passed to {@code basicPublish}. */
    private final AtomicLong published = new AtomicLong();

    private volatile boolean producerWaiting;
    private volatile Throwable failure;
    private volatile boolean stopped;

    /** Loop thread: the drain waits for the write-buffer-drained callback. */
    private boolean paused;
    /** Loop thread: the sequence number the next publish must get. */
    private long nextSequence = 1;

    /**
     * Prepares the hand-off; call {@link #run()} on the producer thread next.
     *
     * @param connection the open connection
     * @param channel the open channel to publish on (in confirm mode when the plan has confirms)
     * @param loop the connection's loop
     * @param plan what to publish
     */
    PublishHandOff(Connection connection, Channel channel, IoLoop loop, PublishPlan plan) {
        this.connection = connection;
        this.channel = channel;
        this.loop = loop;
        this.plan = plan;
        this.properties = plan.persistent()
                ? BasicProperties.builder()
                        .deliveryMode(dev.pika.DeliveryMode.PERSISTENT)
                        .build()
                : null;
        this.exchange = plan.exchange();
        this.routingKey = plan.routingKey();
        this.mandatory = plan.mandatory();
        this.confirms = plan.confirmsEnabled();
        this.waitsAfterEachPublish = (confirms && plan.confirms().window() == 1) || plan.pacer() != null;
        int bodySize = Math.max(MessageBodies.MIN_SIZE, plan.bodySize());
        this.ring = new BodyRing(Math.max(2, Math.min(MAX_RING_MESSAGES, RING_BYTES / bodySize)));
        this.batch = Math.max(1, Math.min(MAX_BATCH_MESSAGES, BATCH_BYTES / bodySize));
        this.producer = Thread.currentThread();
    }

    /**
     * The ring's capacity (for tests).
     *
     * @return the most bodies waiting at once
     */
    int ringCapacity() {
        return ring.capacity();
    }

    /**
     * The most messages one drain publishes (for tests).
     *
     * @return the batch size
     */
    int batchSize() {
        return batch;
    }

    /**
     * Producer thread: publishes as the plan says, then waits until the loop has published everything and the
     * confirms are settled.
     *
     * @throws DriverException when publishing failed
     */
    @Override
    public void run() {
        if (Thread.currentThread() != producer) {
            throw new IllegalStateException("run() belongs to the thread that created the hand-off");
        }
        long handedOver = 0;
        long sequence = 0;
        while (plan.awaitNextPublish()) {
            if (!awaitRoom()) {
                break;
            }
            byte[] body = plan.nextBody();
            if (confirms) {
                plan.beforePublish(++sequence);
            }
            ring.offer(body); // the only producer, and there is room
            handedOver++;
            if (!drainPending.get() && drainPending.compareAndSet(false, true)) {
                if (waitsAfterEachPublish) {
                    loop.runOrHandOff(drainTask); // an idle loop lets this thread publish and write at once
                } else {
                    loop.addCallbackThreadsafe(drainTask); // a stream: the loop publishes what piled up meanwhile
                }
            }
            plan.afterPublish();
        }
        awaitPublished(handedOver);
        checkFailure();
        if (!stopped) {
            plan.awaitSettled();
        }
        checkFailure();
    }

    /** Waits until the ring has room; false when the run is stopping or failed. */
    private boolean awaitRoom() {
        while (ring.isFull()) {
            if (isOver()) {
                return false;
            }
            producerWaiting = true;
            if (ring.isFull()) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            producerWaiting = false;
        }
        return !isOver();
    }

    /** Waits (at most the settle timeout) until the loop has published every body handed over. */
    private void awaitPublished(long handedOver) {
        long deadline = System.nanoTime() + PublishPlan.DEFAULT_SETTLE_TIMEOUT.toNanos();
        while (published.get() < handedOver && !isOver()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new DriverException("pika-select: the loop published " + published.get() + " of " + handedOver
                        + " messages within " + PublishPlan.DEFAULT_SETTLE_TIMEOUT);
            }
            producerWaiting = true;
            if (published.get() < handedOver) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            producerWaiting = false;
        }
    }

    private boolean isOver() {
        return stopped || failure != null || connection.isClosed();
    }

    private void checkFailure() {
        Throwable error = failure;
        if (error != null) {
            throw error instanceof DriverException driverException
                    ? driverException
                    : new DriverException("pika-select publisher failed: " + error, error);
        }
    }

    @Override
    public void stop() {
        stopped = true;
        LockSupport.unpark(producer);
    }

    @Override
    public void onConfirm() {
        // The producer thread waits for room in the confirm window itself (PublishPlan.awaitNextPublish).
    }

    @Override
    public void onWriteBufferDrained() {
        if (paused) {
            paused = false;
            drain();
        }
    }

    /** With the loop's ownership: publishes up to a batch from the ring. */
    private void drain() {
        if (failure != null) {
            return;
        }
        drainPending.set(false);
        int count = 0;
        try {
            while (true) {
                if (!connection.isWritable()) {
                    paused = true;
                    drainPending.set(true); // no producer schedules a drain until writeBufferDrained resumes it
                    break;
                }
                if (count == batch) {
                    if (drainPending.compareAndSet(false, true)) {
                        loop.addCallbackThreadsafe(drainTask);
                    }
                    break;
                }
                byte[] body = ring.poll();
                if (body == null) {
                    break;
                }
                long sequence = channel.basicPublish(exchange, routingKey, body, properties, mandatory);
                count++;
                if (confirms && sequence != nextSequence++) {
                    throw new DriverException("pika-select: basicPublish returned sequence number " + sequence
                            + " where the confirm window registered " + (nextSequence - 1));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (count > 0) {
                published.lazySet(published.get() + count);
            }
            VarHandle.fullFence(); // order the ring's head and the count before reading producerWaiting
            if (producerWaiting || failure != null) {
                LockSupport.unpark(producer);
            }
        }
    }
}
