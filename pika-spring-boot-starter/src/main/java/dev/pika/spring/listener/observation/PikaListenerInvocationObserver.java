package dev.pika.spring.listener.observation;

import java.util.List;
import java.util.Objects;

/**
 * Called by the listener container around the processing of each delivery: the {@code pika.listener}
 * timer and the process observation are observers. The container takes every bean of this type, in
 * {@code @Order}, combined with {@link #composite(List)}.
 *
 * <p><b>The container's side of the contract.</b> For each delivery handed to a worker, on that worker
 * thread: call {@link #start} just before the listener method's first attempt, then exactly once, on
 * the same thread, {@link Invocation#success()} when the listener returned normally or {@link
 * Invocation#failure(Throwable)} with its last exception when it failed for good (after the retries;
 * whatever the recoverer then did), typically in a {@code finally}. Between the two, the observer's
 * context (the trace scope) is current on that thread, so the listener's logs and the messages it
 * publishes carry the trace. The acknowledgement may be handed to the I/O thread before or after the
 * end call. A delivery dropped before reaching a worker (shutdown, stale channel) is never started. The
 * container never lets an observer's exception escape into the listener's outcome: use {@link
 * #composite(List)}, which guards each call.
 *
 * <p><b>Threading.</b> Implementations are called concurrently from every worker thread of every
 * listener: thread-safe, fast, non-blocking. The returned {@link Invocation} is used by one thread.
 */
@FunctionalInterface
public interface PikaListenerInvocationObserver {

    /** The observer that does nothing. */
    PikaListenerInvocationObserver NOOP = invocation -> Invocation.NOOP;

    /**
     * A delivery is about to be processed. Worker thread.
     *
     * @param invocation the delivery and the listener
     * @return the handle to end the invocation with, on the same thread; never {@code null}
     */
    Invocation start(PikaListenerInvocation invocation);

    /**
     * One observer calling each of {@code observers}: started in order, ended in reverse order; what one
     * throws is logged and does not stop the others.
     *
     * @param observers the observers
     * @return {@link #NOOP} for none, else the guarded combination
     */
    static PikaListenerInvocationObserver composite(List<? extends PikaListenerInvocationObserver> observers) {
        Objects.requireNonNull(observers, "observers must not be null");
        List<PikaListenerInvocationObserver> all = List.copyOf(observers);
        if (all.isEmpty()) {
            return NOOP;
        }
        return new CompositeInvocationObserver(all);
    }

    /**
     * One invocation in progress: end it exactly once, on the thread that started it.
     */
    interface Invocation {

        /** The handle that does nothing. */
        Invocation NOOP = new Invocation() {
            @Override
            public void success() {}

            @Override
            public void failure(Throwable error) {}
        };

        /** The listener processed the delivery. */
        void success();

        /**
         * The listener failed for good.
         *
         * @param error its last exception
         */
        void failure(Throwable error);
    }
}
