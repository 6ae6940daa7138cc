package dev.pika.testing.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of a proxied connection: a reader thread that takes bytes from the source socket and a
 * writer thread that delivers them to the target socket once their latency has passed. Stalling stops
 * both; black-holing makes both discard.
 *
 * <p>Thread-safe: the flow state and latency are guarded by this object's monitor, which the threads
 * wait on; counters are atomic.
 */
final class Pump {

    /** Reader-to-writer hand-off capacity, in chunks of at most {@link #CHUNK_SIZE} bytes. */
    private static final int QUEUE_CAPACITY = 256;

    private static final int CHUNK_SIZE = 64 * 1024;

    /** Reasons the pump ended, reported to its connection. */
    enum End {
        /** The source sent FIN and every byte before it was delivered. */
        EOF,
        /** A socket failed (reset by a peer) or the pump was stopped. */
        ERROR
    }

    /** Told when the pump's threads are done. */
    interface Listener {
        void pumpEnded(Pump pump, End end);
    }

    private record Chunk(byte[] data, long dueNanos) {}

    private static final Chunk END_OF_STREAM = new Chunk(new byte[0], 0);
    private static final Chunk FAILED = new Chunk(new byte[0], 0);

    private final Direction direction;
    private final Socket source;
    private final Socket target;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong totalForwarded;
    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Listener listener;
    private final Thread reader;
    private final Thread writer;

    private FlowState state;
    private long latencyNanos;
    private boolean stopped;

    /**
     * @param target where to write; {@code null} for a black-holed connection that has no server side
     */
    Pump(
            String name,
            Direction direction,
            Socket source,
            Socket target,
            FlowState state,
            Duration latency,
            AtomicLong totalForwarded,
            Listener listener) {
        this.direction = direction;
        this.source = source;
        this.target = target;
        this.state = target == null ? FlowState.BLACK_HOLE : state;
        this.latencyNanos = latency.toNanos();
        this.totalForwarded = totalForwarded;
        this.listener = listener;
        this.reader = new Thread(this::readLoop, name + "-read");
        this.writer = new Thread(this::writeLoop, name + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    void start() {
        reader.start();
        writer.start();
    }

    Direction direction() {
        return direction;
    }

    long forwarded() {
        return forwarded.get();
    }

    synchronized void state(FlowState newState) {
        if (target != null) {
            state = newState;
        }
        notifyAll();
    }

    synchronized void latency(Duration latency) {
        latencyNanos = latency.toNanos();
        notifyAll();
    }

    /** Stops both threads without touching the sockets (the connection closes them). */
    void stop() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        writer.interrupt();
    }

    /** Waits for both threads to end. */
    boolean join(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        return !reader.isAlive() && !writer.isAlive();
    }

    private synchronized boolean awaitReadable() throws InterruptedException {
        while (!stopped && state == FlowState.STALL) {
            wait();
        }
        return !stopped;
    }

    private synchronized boolean discarding() {
        return state == FlowState.BLACK_HOLE;
    }

    private synchronized long latencyNanos() {
        return latencyNanos;
    }

    private void readLoop() {
        byte[] buffer = new byte[CHUNK_SIZE];
        Chunk last = FAILED;
        try {
            InputStream in = source.getInputStream();
            while (awaitReadable()) {
                int n = in.read(buffer);
                if (n < 0) {
                    last = END_OF_STREAM;
                    break;
                }
                if (!discarding()
                        && !handOver(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + latencyNanos()))) {
                    return;
                }
            }
        } catch (IOException e) {
            last = FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            handOver(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a chunk for the writer, waiting while the queue is full; false once the writer is gone. */
    private boolean handOver(Chunk chunk) throws InterruptedException {
        while (!queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
            synchronized (this) {
                if (stopped) {
                    return false;
                }
            }
            if (!writer.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void writeLoop() {
        End end = End.ERROR;
        try {
            OutputStream out = target == null ? null : target.getOutputStream();
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END_OF_STREAM) {
                    if (target != null && !target.isOutputShutdown() && !target.isClosed()) {
                        target.shutdownOutput();
                    }
                    end = End.EOF;
                    break;
                }
                if (chunk == FAILED) {
                    break;
                }
                if (awaitDeliverable(chunk.dueNanos()) && out != null) {
                    out.write(chunk.data());
                    out.flush();
                    forwarded.addAndGet(chunk.data().length);
                    totalForwarded.addAndGet(chunk.data().length);
                }
            }
        } catch (IOException | InterruptedException e) {
            end = End.ERROR;
        } finally {
            listener.pumpEnded(this, end);
        }
    }

    /**
     * Waits until the chunk is due and the direction is not stalled.
     *
     * @return whether to write it (false when black-holed)
     */
    private synchronized boolean awaitDeliverable(long dueNanos) throws InterruptedException {
        while (true) {
            if (stopped) {
                throw new InterruptedException("pump stopped");
            }
            if (state == FlowState.BLACK_HOLE) {
                return false;
            }
            long wait = dueNanos - System.nanoTime();
            if (state == FlowState.STALL) {
                wait();
            } else if (wait > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, wait);
            } else {
                return true;
            }
        }
    }
}
