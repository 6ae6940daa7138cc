package dev.pika.connection;

import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.IoServices;
import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import dev.pika.io.TimerReference;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * An {@link IoServices} for engine tests: a manual clock, timers that run only when the test advances the clock,
 * queued callbacks that run when the test pumps them, and a switch for the loop-thread rule. Connecting and
 * resolving are not supported (the engine never calls them).
 */
public final class ManualIoServices implements IoServices {

    private static final int MAX_CALLBACKS_PER_PUMP = 100_000;

    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ArrayDeque<Runnable> callbacks = new ArrayDeque<>();
    private long now = 1_000_000_000L;
    private long sequence;
    private boolean inLoopThread = true;

    private final class Timer implements Comparable<Timer>, TimerReference {
        final long deadline;
        final long order;
        final Runnable task;
        boolean cancelled;

        Timer(long deadline, long order, Runnable task) {
            this.deadline = deadline;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadline, other.deadline);
            return byDeadline != 0 ? byDeadline : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isInLoopThread() {
        return inLoopThread;
    }

    /** Makes every caller look like (or unlike) the loop's thread. */
    public void inLoopThread(boolean value) {
        this.inLoopThread = value;
    }

    @Override
    public void addCallbackThreadsafe(Runnable callback) {
        callbacks.add(callback);
    }

    @Override
    public TimerReference callLater(Duration delay, Runnable callback) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Timer timer = new Timer(now + delay.toNanos(), sequence++, callback);
        timers.add(timer);
        return timer;
    }

    @Override
    public IoReference resolve(String host, int port, IoCallback<List<InetSocketAddress>> onDone) {
        throw new UnsupportedOperationException("the engine never resolves");
    }

    @Override
    public IoReference connectStream(
            StreamConnectRequest request, StreamProtocol protocol, IoCallback<StreamTransport> onDone) {
        throw new UnsupportedOperationException("the engine never connects");
    }

    /** Runs the queued callbacks (and those they queue), as a loop turn would. */
    public void runPending() {
        int ran = 0;
        Runnable next;
        while ((next = callbacks.poll()) != null) {
            if (++ran > MAX_CALLBACKS_PER_PUMP) {
                throw new AssertionError("callbacks keep queueing callbacks");
            }
            next.run();
        }
    }

    /** Moves the clock forward, running each due timer at its deadline (and the callbacks it queues). */
    public void advance(Duration duration) {
        long target = now + duration.toNanos();
        runPending();
        while (true) {
            Timer timer = timers.peek();
            if (timer == null || timer.deadline > target) {
                break;
            }
            timers.poll();
            if (timer.cancelled) {
                continue;
            }
            now = Math.max(now, timer.deadline);
            timer.task.run();
            runPending();
        }
        now = target;
        runPending();
    }

    /** How many timers are scheduled and not cancelled. */
    public int activeTimers() {
        int count = 0;
        for (Timer timer : timers) {
            if (!timer.cancelled) {
                count++;
            }
        }
        return count;
    }

    /** The clock, as a duration since the test started. */
    public Duration elapsed() {
        return Duration.ofNanos(now - 1_000_000_000L);
    }
}
