package dev.pika.adapters.blocking;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The application side of a {@link BlockingConnection}'s events: Pika's {@code _ready_events}, {@code
 * _channels_pending_dispatch} and {@code _acquire_event_dispatch} in one place.
 *
 * <p>Events arrive in the lock-free {@link EventInbox}. {@link #drain()} routes them on the application thread:
 * messages and cancellations of the consume iterator's consumer go to that iterator, channel closures update their
 * channel at once, everything else joins the ready queue in arrival order. {@link #dispatchReady()} runs the ready
 * queue's callbacks, as many as were ready when it began (later ones wait for the next round). A callback that calls
 * back into the connection runs "nested": nested calls never dispatch (Pika's rule against recursion), and {@code
 * startConsuming} refuses to run nested.
 *
 * <p>Not thread-safe: the thread holding the connection's {@link ThreadGuard} only (the inbox itself takes events
 * from any thread).
 */
final class Dispatcher {

    private final EventInbox inbox;
    private final Runnable throwIfTerminated;
    private final RoundListener rounds;
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    private boolean dispatching;
    private long routed;

    /**
     * @param inbox where events arrive
     * @param throwIfTerminated throws the connection's failure once it is gone
     * @param rounds told of dispatch rounds and waits (the connection defers acknowledgements within a round)
     */
    Dispatcher(EventInbox inbox, Runnable throwIfTerminated, RoundListener rounds) {
        this.inbox = inbox;
        this.throwIfTerminated = throwIfTerminated;
        this.rounds = rounds;
    }

    /** Told when a dispatch round begins and ends, and before the application thread waits for events. */
    interface RoundListener {

        /** A dispatch round begins on the calling thread. */
        void roundBegins();

        /** The round ended, normally or with a callback's exception; must not throw. */
        void roundEnded();

        /** The calling thread is about to wait for events. */
        void beforeWait();
    }

    /**
     * Whether the calling thread is inside a callback this dispatcher runs.
     *
     * @return {@code true} while dispatching
     */
    boolean isDispatching() {
        return dispatching;
    }

    /**
     * How many events were routed so far: a change means "something happened".
     *
     * @return the running count
     */
    long routedCount() {
        return routed;
    }

    /** Routes every event of the inbox. */
    void drain() {
        Event event;
        while ((event = inbox.poll()) != null) {
            routed++;
            route(event);
        }
    }

    private void route(Event event) {
        if (event instanceof Event.Message message) {
            message.channel().route(message, ready);
        } else if (event instanceof Event.BrokerCancel cancel) {
            cancel.channel().route(cancel, ready);
        } else if (event instanceof Event.ChannelClosed closed) {
            closed.channel().onClosedRouted(closed.reason());
        } else if (!(event instanceof Event.ConnectionClosed)) {
            ready.add(event);
        }
    }

    /**
     * Removes ready events, e.g. the pending messages of a consumer being cancelled.
     *
     * @param filter which events to remove
     */
    void removeReady(Predicate<Event> filter) {
        ready.removeIf(filter);
    }

    /**
     * Dispatches the events that are ready now, in order. A callback that throws ends the round: the exception
     * propagates to the caller (as in Pika) and the remaining events stay queued for the next round.
     */
    void dispatchReady() {
        int count = ready.size();
        dispatching = true;
        rounds.roundBegins();
        try {
            for (int i = 0; i < count; i++) {
                Event event = ready.poll();
                if (event == null) {
                    return;
                }
                dispatch(event);
            }
        } finally {
            dispatching = false;
            rounds.roundEnded();
        }
    }

    private static void dispatch(Event event) {
        if (event instanceof Event.Message message) {
            message.channel().dispatch(message);
        } else if (event instanceof Event.Returned returned) {
            returned.channel().dispatch(returned);
        } else if (event instanceof Event.BrokerCancel cancel) {
            cancel.channel().dispatch(cancel);
        } else if (event instanceof Event.Callback callback) {
            callback.callback().run();
        }
    }

    /**
     * One round of Pika's {@code process_data_events}: waits until there is something to dispatch (when this call may
     * dispatch, i.e. it is not nested in a callback), {@code until} holds, the deadline passes or the thread is
     * interrupted; then dispatches the ready events once.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link EventInbox#NO_DEADLINE}
     * @param until stops the wait early; checked after every batch of events
     * @throws dev.pika.exceptions.AmqpConnectionException when the connection is gone (see {@code
     *     BlockingConnection.throwIfTerminated})
     */
    void runOnce(long deadlineNanos, BooleanSupplier until) {
        boolean mayDispatch = !dispatching;
        Thread current = Thread.currentThread();
        while (true) {
            drain();
            throwIfTerminated.run();
            if (mayDispatch && !ready.isEmpty()) {
                dispatchReady();
                return;
            }
            if (until.getAsBoolean()
                    || current.isInterrupted()
                    || (deadlineNanos != EventInbox.NO_DEADLINE && deadlineNanos - System.nanoTime() <= 0)) {
                return;
            }
            rounds.beforeWait();
            inbox.await(deadlineNanos);
        }
    }

    /** Forgets the ready events (the connection is closed). */
    void clear() {
        ready.clear();
    }
}
