package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.adapters.select.IoLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's {@link IoLoop}s: a fixed number of loops, each started on its own daemon thread when first needed; a
 * new connection goes to the loop that drives the fewest connections at that moment. One loop per core is what an
 * application with many connections would run (a loop thread per connection wastes threads; one loop for all of them
 * caps the client at one core).
 *
 * <p>Thread-safe: {@link #acquire()}, {@link Lease#release()} and {@link #close()} synchronise on the pool.
 */
final class LoopPool implements AutoCloseable {

    /** The system property that sets the number of loops. */
    static final String LOOPS_PROPERTY = "pika.benchmarks.select.loops";

    private final IoLoop[] loops;
    private final int[] connections;
    private boolean closed;

    /**
     * Creates a pool; no loop runs until {@link #acquire()}.
     *
     * @param size the number of loops, at least 1
     */
    LoopPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the loop pool needs at least one loop, got " + size + " (set -D"
                    + LOOPS_PROPERTY + " to a positive number)");
        }
        this.loops = new IoLoop[size];
        this.connections = new int[size];
    }

    /**
     * The pool size {@code -Dpika.benchmarks.select.loops} asks for, else the number of cores.
     *
     * @return the number of loops
     */
    static int configuredSize() {
        String value = System.getProperty(LOOPS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + LOOPS_PROPERTY + " must be a positive number of loops, got '" + value + "'", e);
        }
    }

    /**
     * The loop with the fewest connections, started if it was not.
     *
     * @return a lease on it; release it when the connection is closed
     * @throws IllegalStateException when the pool is closed
     */
    synchronized Lease acquire() {
        if (closed) {
            throw new IllegalStateException("the pika-select driver is closed");
        }
        int best = 0;
        for (int i = 1; i < loops.length; i++) {
            if (connections[i] < connections[best]) {
                best = i;
            }
        }
        if (loops[best] == null) {
            IoLoop loop = new IoLoop();
            loop.startInBackground("pika-select-loop-" + best);
            loops[best] = loop;
        }
        connections[best]++;
        return new Lease(this, best, loops[best]);
    }

    private synchronized void release(int index) {
        connections[index]--;
    }

    /** Stops and closes every loop (their threads end); the connections should be closed first. Idempotent. */
    @Override
    public void close() {
        List<IoLoop> started = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (IoLoop loop : loops) {
                if (loop != null) {
                    started.add(loop);
                }
            }
        }
        started.forEach(IoLoop::close);
    }

    /**
     * One connection's use of a loop.
     *
     * <p>Thread-safe; {@link #release()} counts once.
     */
    static final class Lease {

        private final LoopPool pool;
        private final int index;
        private final IoLoop loop;
        private boolean released;

        private Lease(LoopPool pool, int index, IoLoop loop) {
            this.pool = pool;
            this.index = index;
            this.loop = loop;
        }

        /**
         * The loop.
         *
         * @return the running loop
         */
        IoLoop loop() {
            return loop;
        }

        /** The connection is closed: the loop drives one connection fewer. Idempotent. */
        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            pool.release(index);
        }
    }
}
