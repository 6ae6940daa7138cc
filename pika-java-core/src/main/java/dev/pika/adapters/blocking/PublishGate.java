package dev.pika.adapters.blocking;

import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionBlockedTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Back-pressure for publishes handed from application threads to the I/O thread. A publish counts its body while it
 * waits in the loop's queue; {@link #acquire} lets it in at once while the transport is writable and the queued
 * bytes stay below the connection's high watermark ({@code ConnectionParameters.writeBufferHighWatermark}), and
 * otherwise blocks the publisher until the I/O thread has written enough (the queued bytes fell to half the high
 * watermark: a blocked publisher is woken once per half a watermark of messages, not once per message) and the
 * transport drained ({@link #released}, {@link #drained}), until the connection is gone, or at most {@code
 * blockedConnectionTimeout} when it is set. So memory stays bounded (about twice the high watermark plus one message per publishing thread) however fast
 * the application publishes.
 *
 * <p>Thread-safe. The fast path is one volatile read and one atomic add; the monitor is taken only while a publisher
 * waits.
 */
final class PublishGate {

    private final long highWatermark;
    /**
     * Waiting publishers are woken once the queued bytes fall to this (half the high watermark), not at every
     * release: woken at the high watermark, a publisher would get one message in and wait again, a wake-up per
     * message.
     */
    private final long lowWatermark;

    private final Duration maxWait;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Object monitor = new Object();
    private volatile boolean transportWritable = true;
    private volatile int waiters;
    private volatile AmqpConnectionException closedReason;
    /** Guarded by {@code monitor}. */
    private long wakeUps;

    /**
     * @param highWatermark the most bytes publishes may queue before publishers wait
     * @param maxWait the longest a publisher waits, or {@code null} for as long as the connection lives
     */
    PublishGate(long highWatermark, Duration maxWait) {
        this.highWatermark = highWatermark;
        this.lowWatermark = highWatermark / 2;
        this.maxWait = maxWait;
    }

    /**
     * Lets a publish of {@code bytes} in, waiting (uninterruptibly) while the outbound side is full. Any thread.
     *
     * @param bytes the body size
     * @throws ConnectionBlockedTimeoutException when the wait exceeded {@code blockedConnectionTimeout} (nothing was
     *     handed to the I/O thread)
     * @throws dev.pika.exceptions.ConnectionWrongStateException when the connection closed meanwhile
     */
    void acquire(int bytes) {
        if (!hasRoom()) {
            awaitRoom();
        }
        queuedBytes.addAndGet(bytes);
    }

    /**
     * Lets a publish of {@code bytes} in without waiting, whatever the queue holds: for a publish made on the I/O
     * thread itself (from a dependent stage of a confirmation future), which waiting for the I/O thread would
     * deadlock. The I/O thread.
     *
     * @param bytes the body size
     */
    void admit(int bytes) {
        queuedBytes.addAndGet(bytes);
    }

    private boolean hasRoom() {
        return transportWritable && queuedBytes.get() < highWatermark;
    }

    private void awaitRoom() {
        long start = System.nanoTime();
        boolean interrupted = false;
        synchronized (monitor) {
            waiters++;
            try {
                while (!hasRoom()) {
                    AmqpConnectionException reason = closedReason;
                    if (reason != null) {
                        throw LoopBridge.closed(reason);
                    }
                    long waitMillis = 0;
                    if (maxWait != null) {
                        long remaining = maxWait.toNanos() - (System.nanoTime() - start);
                        if (remaining <= 0) {
                            throw new ConnectionBlockedTimeoutException("basicPublish waited longer than"
                                    + " blockedConnectionTimeout (" + maxWait + ") for the broker to take the"
                                    + " connection's outbound data (" + queuedBytes.get() + " bytes queued, transport "
                                    + (transportWritable ? "writable" : "above its high watermark")
                                    + "); the message was not sent");
                        }
                        waitMillis = Math.max(1, remaining / 1_000_000);
                    }
                    try {
                        monitor.wait(waitMillis);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                waiters--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A publish left the queue (written, or dropped). The I/O thread.
     *
     * @param bytes its body size
     * @param writable whether the transport is still below its high watermark
     */
    void released(int bytes, boolean writable) {
        long queued = queuedBytes.addAndGet(-bytes);
        boolean becameWritable = writable && !transportWritable;
        transportWritable = writable;
        if (waiters > 0 && writable && (becameWritable || queued <= lowWatermark)) {
            wakeUp();
        }
    }

    /**
     * A publish was not handed to the I/O thread after all (the connection closed meanwhile). Any thread.
     *
     * @param bytes its body size
     */
    void withdrawn(int bytes) {
        queuedBytes.addAndGet(-bytes);
        if (waiters > 0) {
            wakeUp();
        }
    }

    /** The transport drained to its low watermark. The I/O thread. */
    void drained() {
        transportWritable = true;
        if (waiters > 0) {
            wakeUp();
        }
    }

    /**
     * The connection is gone: waiting publishers fail with the reason. The I/O thread.
     *
     * @param reason why
     */
    void close(AmqpConnectionException reason) {
        closedReason = reason;
        wakeUp();
    }

    /**
     * The bytes queued for the I/O thread, for tests and diagnostics.
     *
     * @return the body bytes handed in and not yet written
     */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * How many publishers wait for room, for tests and diagnostics.
     *
     * @return the number of threads blocked in {@link #acquire}
     */
    int waitingPublishers() {
        return waiters;
    }

    /**
     * How many times waiting publishers were woken, for tests and diagnostics.
     *
     * @return the count since the connection opened
     */
    long wakeUps() {
        synchronized (monitor) {
            return wakeUps;
        }
    }

    private void wakeUp() {
        synchronized (monitor) {
            wakeUps++;
            monitor.notifyAll();
        }
    }
}
