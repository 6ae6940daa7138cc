package dev.pika.adapters.select;

import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.IoServices;
import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import dev.pika.io.TimerReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link java.nio.channels.Selector} event loop: Pika's {@code IOLoop} and its I/O services in one.
 *
 * <p>A loop turn: wait in the selector (no longer than the next timer's deadline, not at all when callbacks
 * are queued), handle the ready channels, run the timers that are due, run the callbacks queued before the
 * turn's drain began (FIFO), then flush every transport written during the turn, each with one gathering
 * socket write.
 *
 * <p>Lifecycle: {@link #start()} runs turns on the calling thread until {@link #stop()}; {@link
 * #startInBackground(String)} does so on a new named daemon thread; {@link #runOnce(Duration)} runs a single
 * turn. A stopped loop can be started again. {@link #close()} stops it, fails what is pending (connects,
 * resolutions), reports {@code connectionLost} to open transports, and releases the selector, its channels
 * and buffers; a closed loop is not reused.
 *
 * <p>Threading: the thread running the loop owns it, and so does the last thread that ran it while it is not
 * running; before it first runs, any thread may set it up; a thread inside {@link #runOrHandOff} owns it while it
 * runs its task there (the loop's thread is then blocked in its selector and takes the loop back before it handles
 * anything). {@link #addCallbackThreadsafe}, {@link #runOrHandOff}, {@link #stop()},
 * {@link #close()}, {@link #nanoTime()}, {@link #isInLoopThread()} and {@link TimerReference#cancel()} are
 * safe from any thread; everything else is for the owning thread, and {@link StreamTransport}s and
 * callbacks belong to it too. {@link #close()} from another thread waits until the loop has left its turn
 * and released everything; a loop driven with {@link #runOnce(Duration)} is closed from its own thread.
 */
public final class IoLoop implements IoServices, AutoCloseable {

    private static final LoopLogger LOG = LoopLogger.get(IoLoop.class);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    /** About 73 years: keeps deadlines far from overflow whatever delay is asked for. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private final IoLoopOptions options;
    private final TurnRunner turns;
    private final ChunkPool chunkPool;
    private final ByteBuffer readBuffer;
    private final ByteBuffer readView;
    private final Set<LoopResource> resources = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Object lifecycle = new Object();
    private volatile Thread owner;
    /** Guarded by {@link #lifecycle}. */
    private boolean running;
    /** Guarded by {@link #lifecycle}. */
    private boolean closeRequested;
    /** Guarded by {@link #lifecycle}: the thread releasing the loop's resources, while it does. */
    private Thread releasingThread;

    private volatile boolean closed;
    /** The thread of the latest {@link #startInBackground}, joined by {@link #close()}. */
    private volatile Thread backgroundThread;

    /** False from the moment the release begins: nothing new may be started on the loop. */
    private volatile boolean acceptingCallbacks = true;

    /** Creates a loop with the default {@link IoLoopOptions}. */
    public IoLoop() {
        this(IoLoopOptions.defaults());
    }

    /**
     * Creates a loop.
     *
     * @param options buffer sizes
     * @throws UncheckedIOException when the selector cannot be opened
     */
    public IoLoop(IoLoopOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        try {
            this.turns = new TurnRunner(Selector.open());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a java.nio Selector for the IoLoop", e);
        }
        this.chunkPool = new ChunkPool(options.writeChunkSize(), options.maxPooledChunks());
        this.readBuffer = ByteBuffer.allocateDirect(options.readBufferSize());
        this.readView = readBuffer.asReadOnlyBuffer();
    }

    /**
     * This loop's options.
     *
     * @return the options it was created with
     */
    public IoLoopOptions options() {
        return options;
    }

    // ---------------------------------------------------------------------------------------------------
    // Lifecycle

    /**
     * Runs the loop on the calling thread until {@link #stop()} (or {@link #close()}) is called. Like Pika's,
     * a stop requested before the loop starts makes this return at once. Not reentrant.
     *
     * @throws IllegalStateException when the loop is already running or is closed
     * @throws UncheckedIOException when the selector fails (the loop cannot go on)
     */
    public void start() {
        enter();
        try {
            while (!turns.isStopRequested()) {
                turns.runTurn(Long.MAX_VALUE);
            }
        } catch (UncheckedIOException e) {
            selectorFailed(e);
            throw e;
        } finally {
            exit();
        }
    }

    /**
     * Runs one loop turn on the calling thread: waits for I/O at most {@code maxWait} (less when a timer is
     * due sooner, not at all when callbacks are queued), then dispatches events, timers, callbacks and
     * flushes. For drivers that interleave the loop with their own work.
     *
     * @param maxWait the longest time to block in the selector; zero polls
     * @throws IllegalStateException when the loop is running on another thread or is closed
     * @throws UncheckedIOException when the selector fails
     */
    public void runOnce(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, but was " + maxWait);
        }
        enter();
        try {
            turns.runTurn(saturatedNanos(maxWait));
        } catch (UncheckedIOException e) {
            selectorFailed(e);
            throw e;
        } finally {
            exit();
        }
    }

    /**
     * Runs the loop on a new daemon thread named {@code pika-io-N}.
     *
     * @return the loop's thread, already running the loop
     * @see #startInBackground(String)
     */
    public Thread startInBackground() {
        return startInBackground("pika-io-" + THREAD_NUMBERS.incrementAndGet());
    }

    /**
     * Runs the loop on a new daemon thread and returns once the loop runs on it; {@link #stop()} or {@link
     * #close()} ends the thread.
     *
     * @param threadName the thread's name
     * @return the loop's thread
     * @throws IllegalStateException when the loop is already running or is closed
     */
    public Thread startInBackground(String threadName) {
        Objects.requireNonNull(threadName, "threadName");
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        enter();
                    } catch (RuntimeException e) {
                        failure.set(e);
                        return;
                    } finally {
                        entered.countDown();
                    }
                    try {
                        while (!turns.isStopRequested()) {
                            turns.runTurn(Long.MAX_VALUE);
                        }
                    } catch (UncheckedIOException e) {
                        selectorFailed(e); // logged; the thread ends and the loop is released
                    } finally {
                        exit();
                    }
                },
                threadName);
        thread.setDaemon(true);
        backgroundThread = thread;
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                entered.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException error = failure.get();
        if (error != null) {
            throw error;
        }
        return thread;
    }

    /**
     * Asks the loop to return from {@link #start()} at the end of its current turn. Any thread, including
     * from inside a callback; does not wait. A stop requested while the loop is not running makes the next
     * {@link #start()} return at once (Pika's behaviour).
     */
    public void stop() {
        turns.requestStop();
        if (Thread.currentThread() != owner) {
            turns.wakeUpIfSleeping();
        }
    }

    /**
     * Whether the loop is running turns right now.
     *
     * @return {@code true} inside {@link #start()} or {@link #runOnce(Duration)}
     */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return running;
        }
    }

    /**
     * Whether {@link #close()} has completed.
     *
     * @return {@code true} once the loop's resources are released
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops the loop and releases everything it holds: pending connects and resolutions fail with an {@link
     * IOException}, open transports are closed and their protocols get {@code connectionLost} with an {@link
     * IOException}, queued callbacks and timers are dropped (a {@link dev.pika.io.DiscardableCallback} is told so
     * through its {@code discarded()}), the selector and the buffers are released.
     * Called on the loop's thread while it runs (from a callback), the release happens as the current turn
     * ends; called from another thread while the loop runs, it waits until the loop has released everything
     * (so do not call it from code the loop waits on). Idempotent.
     */
    @Override
    public void close() {
        Thread current = Thread.currentThread();
        boolean releaseHere = false;
        synchronized (lifecycle) {
            if (closed || releasingThread == current) {
                return;
            }
            closeRequested = true;
            if (running || releasingThread != null) {
                turns.requestStop();
                if (running && owner == current) {
                    return; // the loop releases when this turn ends
                }
                turns.wakeUpIfSleeping();
                awaitClosed();
            } else {
                releasingThread = current;
                releaseHere = true;
            }
        }
        if (releaseHere) {
            release();
        }
        joinBackgroundThread(current);
    }

    /** After a close from another thread, the loop's own thread is gone too when close() returns. */
    private void joinBackgroundThread(Thread current) {
        Thread thread = backgroundThread;
        if (thread == null || thread == current) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The selector broke: the loop cannot go on, so it is released as by close() when the turn ends. */
    private void selectorFailed(UncheckedIOException error) {
        LOG.warn("IoLoop: the selector failed; closing the loop and everything registered with it", error);
        synchronized (lifecycle) {
            closeRequested = true;
        }
    }

    private void awaitClosed() {
        boolean interrupted = false;
        while (!closed) {
            try {
                lifecycle.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enter() {
        synchronized (lifecycle) {
            if (closed || closeRequested) {
                throw new IllegalStateException("the IoLoop is closed: create a new one");
            }
            if (running) {
                throw new IllegalStateException("the IoLoop is already running on thread " + owner.getName()
                        + "; it is not reentrant: use addCallbackThreadsafe to run code on it");
            }
            running = true;
            owner = Thread.currentThread();
        }
    }

    private void exit() {
        synchronized (lifecycle) {
            running = false;
            turns.clearStop();
            if (!closeRequested) {
                lifecycle.notifyAll();
                return;
            }
            releasingThread = Thread.currentThread();
        }
        release();
    }

    private void release() {
        owner = Thread.currentThread();
        acceptingCallbacks = false;
        try {
            List<LoopResource> pending = new ArrayList<>(resources);
            resources.clear();
            for (LoopResource resource : pending) {
                try {
                    resource.onLoopClosed();
                } catch (Throwable t) {
                    TurnRunner.rethrowIfFatal(t);
                    LOG.warn("IoLoop: releasing " + resource + " on close failed", t);
                }
            }
            int dropped = turns.discardPending();
            if (dropped > 0) {
                LOG.debug("IoLoop closed: dropped {} queued callbacks", dropped);
            }
            for (SelectionKey key : turns.selector().keys()) {
                closeQuietly(key);
            }
            try {
                turns.selector().close();
            } catch (IOException e) {
                LOG.warn("IoLoop: closing the selector failed", e);
            }
            chunkPool.clear();
        } finally {
            synchronized (lifecycle) {
                closed = true;
                releasingThread = null;
                lifecycle.notifyAll();
            }
        }
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            LOG.debug("IoLoop: closing {} failed: {}", key.channel(), e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // IoServices

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean isInLoopThread() {
        Thread thread = owner;
        return thread == null || thread == Thread.currentThread();
    }

    /**
     * Whether the calling thread owns the loop right now: it runs the loop's turns, or a task inside {@link
     * #runOrHandOff}. Unlike {@link #isInLoopThread()}, {@code false} before the loop first runs. Any thread.
     *
     * @return {@code true} on the thread that owns the loop
     */
    public boolean isOwnedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    @Override
    public void addCallbackThreadsafe(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        if (!acceptingCallbacks) {
            throw new IllegalStateException("the IoLoop is closed: the callback cannot run");
        }
        turns.offer(callback);
        if (Thread.currentThread() != owner) {
            turns.wakeUpIfSleeping();
        }
    }

    /**
     * Runs {@code task} with the loop's ownership as soon as possible, on the calling thread when that saves the
     * hand-off. When the loop's thread is blocked in its selector with no callback queued, the calling thread takes
     * the loop over for the task: it runs the task and writes what the task wrote to the sockets itself, without
     * waking the loop's thread (no selector wake-up, no thread switch). Otherwise the task is queued exactly like
     * {@link #addCallbackThreadsafe}. Either way the task never runs concurrently with a loop turn or another
     * task, runs after every callback queued before it, sees everything earlier tasks and turns wrote, and {@link
     * #isInLoopThread()} is {@code true} inside it; a task that throws is logged, as a queued callback's would be.
     * Called from a task or callback the loop is already running, the task is queued. Any thread.
     *
     * <p>What the task calls back (protocol and channel callbacks) runs on the calling thread in the inline case,
     * so the task must not wait for anything the loop would have to do, and the caller should not hold locks that
     * loop callbacks take. The calling thread's interrupt status is left alone (non-blocking socket writes ignore
     * it).
     *
     * @param task what to run with the loop's ownership
     * @return {@code true} when the task ran on the calling thread before this method returned, {@code false}
     *     when it was queued for the loop's thread
     * @throws NullPointerException when {@code task} is null
     * @throws IllegalStateException when the loop is closed (the task was neither run nor queued)
     */
    @Override
    public boolean runOrHandOff(Runnable task) {
        Objects.requireNonNull(task, "task must not be null");
        Thread current = Thread.currentThread();
        if (current != owner && turns.tryClaimParked()) {
            Thread loopThread = owner;
            owner = current;
            try {
                turns.runClaimed(task);
            } finally {
                owner = loopThread;
                turns.releaseClaim();
            }
            return true;
        }
        addCallbackThreadsafe(task);
        return false;
    }

    @Override
    public TimerReference callLater(Duration delay, Runnable callback) {
        Objects.requireNonNull(delay, "delay must not be null");
        Objects.requireNonNull(callback, "callback must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, but was " + delay);
        }
        checkLoopThread("callLater");
        long deadline = nanoTime() + Math.min(saturatedNanos(delay), MAX_DELAY_NANOS);
        return turns.schedule(this, deadline, callback);
    }

    @Override
    public IoReference resolve(String host, int port, IoCallback<List<InetSocketAddress>> onDone) {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(onDone, "onDone must not be null");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
        }
        checkLoopThread("resolve");
        ResolveRequest request = new ResolveRequest(this, host, port, onDone);
        request.start();
        return request;
    }

    @Override
    public IoReference connectStream(
            StreamConnectRequest request, StreamProtocol protocol, IoCallback<StreamTransport> onDone) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(protocol, "protocol must not be null");
        Objects.requireNonNull(onDone, "onDone must not be null");
        checkLoopThread("connectStream");
        StreamConnector connector = new StreamConnector(this, request, protocol, onDone);
        connector.start();
        return connector;
    }

    private void checkLoopThread(String method) {
        if (!acceptingCallbacks) {
            throw new IllegalStateException("the IoLoop is closed: " + method + " cannot be used");
        }
        if (!isInLoopThread()) {
            throw new IllegalStateException(method + " must be called on the IoLoop's thread ("
                    + owner.getName() + "), not on " + Thread.currentThread().getName()
                    + ": hand the call to the loop with addCallbackThreadsafe");
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // For this package's transports, connectors and tests (loop thread only unless stated)

    Selector selector() {
        return turns.selector();
    }

    ChunkPool chunkPool() {
        return chunkPool;
    }

    /** The shared direct read buffer, cleared by the caller before each read. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** A read-only view of the first {@code length} bytes of the read buffer, valid until the next read. */
    ByteBuffer readView(int length) {
        readView.clear();
        readView.limit(length);
        return readView;
    }

    void markDirty(AbstractStreamTransport transport) {
        turns.markDirty(transport);
    }

    /** A pending connect or resolution, or an open transport: it registers with the selector, so it touches it. */
    void addResource(LoopResource resource) {
        resources.add(resource);
        turns.selectorTouched();
    }

    void removeResource(LoopResource resource) {
        resources.remove(resource);
        turns.selectorTouched();
    }

    /** Runs {@code task} on a later turn, or now when the loop is closed (and so runs nothing any more). */
    void post(Runnable task) {
        try {
            addCallbackThreadsafe(task);
        } catch (IllegalStateException closedLoop) {
            TurnRunner.runSafely(task, "task");
        }
    }

    void cancelTimer(LoopTimer timer) {
        turns.cancel(timer);
    }

    /** A selector registration changed (loop owner only): a thread that claimed the parked loop must wake it. */
    void selectorTouched() {
        turns.selectorTouched();
    }

    /** Any thread: whether the loop's thread is blocked in its selector, claimable by {@link #runOrHandOff}. */
    boolean isParked() {
        return turns.isParked();
    }

    /** Any thread: how many times a producer woke the selector (test hook for wakeup coalescing). */
    long wakeupCount() {
        return turns.wakeupCount();
    }

    /** Any thread: whether the loop is blocked (or about to block) in its selector (test hook). */
    boolean isArmedForWakeup() {
        return turns.isArmedForWakeup();
    }

    /** Timers in the heap (test hook). */
    int pendingTimerCount() {
        return turns.timerCount();
    }

    /** Pending connects, resolutions and open transports (test hook). */
    int resourceCount() {
        return resources.size();
    }

    @Override
    public String toString() {
        Thread thread = owner;
        return "IoLoop[" + (thread == null ? "not started" : thread.getName()) + (closed ? ", closed" : "") + "]";
    }
}
