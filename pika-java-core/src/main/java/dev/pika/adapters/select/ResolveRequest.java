package dev.pika.adapters.select;

import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link IoLoop#resolve} operation: {@link InetAddress#getAllByName} on a small shared pool of daemon
 * threads named {@code pika-resolver-N} (at most {@link #RESOLVER_THREADS}, idle ones exit after {@link
 * #IDLE_SECONDS} s), with the result posted back to the loop.
 *
 * <p>The state is confined to the loop's thread; the lookup thread only reads the immutable host and port and
 * posts the outcome.
 */
final class ResolveRequest implements IoReference, LoopResource, Runnable {

    /** Threads resolving at once, for every loop of the JVM. */
    static final int RESOLVER_THREADS = 4;

    /** Lookups waiting for a resolver thread, for every loop of the JVM; more are refused. */
    static final int MAX_QUEUED = 1024;

    /** Seconds an idle resolver thread lives. */
    static final int IDLE_SECONDS = 10;

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final ThreadPoolExecutor RESOLVERS = newResolverPool();

    private static final int PENDING = 0;
    private static final int FINISHED = 1;

    private final IoLoop loop;
    private final String host;
    private final int port;
    private final IoCallback<List<InetSocketAddress>> onDone;
    private int state = PENDING;

    ResolveRequest(IoLoop loop, String host, int port, IoCallback<List<InetSocketAddress>> onDone) {
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.onDone = onDone;
    }

    private static ThreadPoolExecutor newResolverPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                RESOLVER_THREADS,
                RESOLVER_THREADS,
                IDLE_SECONDS,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED),
                task -> {
                    Thread thread = new Thread(task, "pika-resolver-" + THREAD_NUMBERS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    void start() {
        loop.addResource(this);
        try {
            RESOLVERS.execute(this);
        } catch (RejectedExecutionException e) {
            IOException error = new IOException("cannot resolve " + host + ": " + MAX_QUEUED
                    + " lookups are already waiting for the " + RESOLVER_THREADS + " pika-resolver threads");
            error.initCause(e);
            loop.post(() -> finish(null, error));
        }
    }

    /** On a resolver thread. */
    @Override
    public void run() {
        List<InetSocketAddress> addresses = null;
        Throwable error = null;
        try {
            InetAddress[] resolved = InetAddress.getAllByName(host);
            addresses = new ArrayList<>(resolved.length);
            for (InetAddress address : resolved) {
                addresses.add(new InetSocketAddress(address, port));
            }
            addresses = List.copyOf(addresses);
        } catch (UnknownHostException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new UnknownHostException("cannot resolve " + host + ": " + e);
            error.initCause(e);
        }
        List<InetSocketAddress> result = addresses;
        Throwable failure = error;
        try {
            loop.addCallbackThreadsafe(() -> finish(result, failure));
        } catch (IllegalStateException closedLoop) {
            // the loop is closed: onLoopClosed already failed this request
        }
    }

    private void finish(List<InetSocketAddress> addresses, Throwable error) {
        if (state != PENDING) {
            return;
        }
        state = FINISHED;
        loop.removeResource(this);
        try {
            if (error == null) {
                onDone.onSuccess(addresses);
            } else {
                onDone.onFailure(error);
            }
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LoopLogger.get(ResolveRequest.class).warn("resolve's callback for " + host + " threw", t);
        }
    }

    @Override
    public boolean cancel() {
        if (!loop.isInLoopThread()) {
            throw new IllegalStateException("IoReference.cancel() of a resolve must be called on the IoLoop's"
                    + " thread, not on " + Thread.currentThread().getName()
                    + ": hand it to the loop with addCallbackThreadsafe");
        }
        if (state != PENDING) {
            return false;
        }
        state = FINISHED;
        loop.removeResource(this);
        RESOLVERS.remove(this);
        return true;
    }

    @Override
    public void onLoopClosed() {
        finish(null, new IOException("the IoLoop was closed before " + host + " was resolved"));
    }

    @Override
    public String toString() {
        return "ResolveRequest[" + host + ":" + port + "]";
    }
}
