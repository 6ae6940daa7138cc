package dev.pika.io;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The services an event loop offers the protocol engine: Pika's {@code AbstractIOServices}.
 *
 * <p>Threading contract:
 *
 * <ul>
 *   <li>{@link #addCallbackThreadsafe}, {@link #runOrHandOff}, {@link #nanoTime} and {@link #isInLoopThread} may
 *       be called from any thread;
 *   <li>every other method must be called on the loop's thread (a callback, timer or stream event the loop
 *       is running), or on any thread before the loop first runs, the way Pika lets an application create
 *       its connection before it starts the loop. Implementations reject other calls with {@link
 *       IllegalStateException};
 *   <li>every callback the loop makes (timers, queued callbacks, {@link IoCallback}s, {@link StreamProtocol}
 *       events) runs on the loop's thread, one at a time; the one exception is a task that {@link #runOrHandOff}
 *       runs on its caller's thread while the loop is idle, which owns the loop (and so is one at a time with
 *       everything else) until it returns. A callback that throws is logged and does not stop the loop.
 * </ul>
 */
public interface IoServices {

    /**
     * The loop's clock, in the units and with the origin of {@link System#nanoTime()}: deadlines of {@link
     * #callLater} are measured on it. Any thread.
     *
     * @return the current time of the loop's clock, in nanoseconds
     */
    long nanoTime();

    /**
     * Whether the calling thread may touch loop-confined state: {@code true} on the loop's thread, and on any
     * thread before the loop first runs (when no thread owns it yet). Any thread.
     *
     * @return {@code true} when the caller may use the loop-thread-only methods
     */
    boolean isInLoopThread();

    /**
     * Requests a call of {@code callback} on the loop's thread as soon as possible: the one door into the loop
     * from other threads. Callbacks run in the order they were added (FIFO per adding thread, and overall in
     * the order the adds linearised). Lock-free; a loop blocked in its selector is woken at most once for a
     * batch of callbacks added while it sleeps. Any thread.
     *
     * <p>A loop that closes drops the callbacks still queued; one that is a {@link DiscardableCallback} gets its
     * {@link DiscardableCallback#discarded()} instead of {@code run()}. A callback added while the loop is closing
     * may be neither run nor discarded: a caller that must settle something checks, after this method returned,
     * whatever its own code records before closing the loop.
     *
     * @param callback what to run on the loop's thread
     * @throws NullPointerException when {@code callback} is null
     * @throws IllegalStateException when the loop is closed
     */
    void addCallbackThreadsafe(Runnable callback);

    /**
     * Runs {@code task} with the loop's ownership as soon as possible: like {@link #addCallbackThreadsafe}, except
     * that a loop which is idle (blocked waiting for I/O, nothing queued) may let the calling thread run the task
     * itself, at once, instead of waking the loop's thread for it. The task never runs concurrently with the loop
     * or another callback, and runs after every callback added before it. The default queues the task. Any
     * thread.
     *
     * @param task what to run with the loop's ownership
     * @return {@code true} when the task ran on the calling thread before this method returned
     * @throws NullPointerException when {@code task} is null
     * @throws IllegalStateException when the loop is closed
     */
    default boolean runOrHandOff(Runnable task) {
        addCallbackThreadsafe(task);
        return false;
    }

    /**
     * Schedules a one-shot timer. Timers run on the loop's thread in deadline order, and timers with the same
     * deadline in the order they were created. Loop thread only.
     *
     * @param delay how long from now; zero runs the callback on the next loop turn
     * @param callback what to run when the timer expires
     * @return a handle to cancel the timer
     * @throws IllegalArgumentException when {@code delay} is negative
     * @throws IllegalStateException when called off the loop's thread, or when the loop is closed
     */
    TimerReference callLater(Duration delay, Runnable callback);

    /**
     * Resolves {@code host} to its addresses (every address family, in the resolver's order) off the loop's
     * thread, and reports the result on the loop's thread. Loop thread only.
     *
     * @param host a host name or an address literal
     * @param port the port every resulting address carries
     * @param onDone gets the non-empty list of addresses, or an {@link java.net.UnknownHostException}
     * @return a handle to cancel the resolution (the lookup itself is not interrupted; its result is dropped)
     */
    IoReference resolve(String host, int port, IoCallback<List<InetSocketAddress>> onDone);

    /**
     * Opens a stream to {@code request.remoteAddress()}: a non-blocking TCP connect bounded by the request's
     * connect timeout, then, when the request carries an {@link javax.net.ssl.SSLContext}, the TLS handshake.
     * When both are done the transport is linked to {@code protocol}: {@link
     * StreamProtocol#connectionMade} is called, then {@code onDone.onSuccess(transport)}, and only then does
     * the transport start delivering data. On failure {@code protocol} is never called and {@code onDone}
     * gets the error. Loop thread only.
     *
     * @param request where to connect and how
     * @param protocol the protocol to link to the new transport
     * @param onDone gets the linked transport, or why the stream could not be opened
     * @return a handle to abort the pending connect
     */
    IoReference connectStream(
            StreamConnectRequest request, StreamProtocol protocol, IoCallback<StreamTransport> onDone);
}
