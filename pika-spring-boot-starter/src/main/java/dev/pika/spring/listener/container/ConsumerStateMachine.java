package dev.pika.spring.listener.container;

import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The state of one container's consumer ({@link PikaListenerConsumerState}) and the counting of
 * re-subscription attempts under its {@link ResubscribePolicy}. The container calls one method per
 * event; the methods decide the next state and whether (and when) to try again.
 *
 * <p>Threading: events come from the I/O thread and the lifecycle thread; the methods are {@code
 * synchronized} (short, no I/O) and {@link #state()} and {@link #lastFailure()} read volatile fields
 * without locking, for snapshots.
 */
final class ConsumerStateMachine {

    private static final Log LOG = LogFactory.getLog(ConsumerStateMachine.class);

    private final String listenerId;
    private final ResubscribePolicy policy;
    private volatile PikaListenerConsumerState state = PikaListenerConsumerState.STOPPED;
    private volatile Throwable lastFailure;
    private int attempts;

    ConsumerStateMachine(String listenerId, ResubscribePolicy policy) {
        this.listenerId = listenerId;
        this.policy = policy;
    }

    /** @return the state now */
    PikaListenerConsumerState state() {
        return state;
    }

    /** @return why the consumer last lost its subscription or failed to subscribe, or {@code null} */
    Throwable lastFailure() {
        return lastFailure;
    }

    /** @return whether the container is meant to consume (not stopped or stopping) */
    boolean isActive() {
        return state.isRunning();
    }

    /** The container starts. */
    synchronized void starting() {
        attempts = 0;
        lastFailure = null;
        state = PikaListenerConsumerState.STARTING;
    }

    /** Every consumer is subscribed. Ignored unless active. */
    synchronized void consuming() {
        if (isActive()) {
            attempts = 0;
            state = PikaListenerConsumerState.CONSUMING;
        }
    }

    /**
     * The connection was lost: the connection's recovery reopens it, then the container subscribes.
     *
     * @param cause why
     */
    synchronized void connectionLost(Throwable cause) {
        if (isActive()) {
            lastFailure = cause;
            state = PikaListenerConsumerState.RECOVERING;
        }
    }

    /** The connection is open again (or opened for the first time): a new subscription starts. */
    synchronized void connectionOpened() {
        attempts = 0;
    }

    /**
     * The broker closed the channel, or refused to open or subscribe it.
     *
     * @param cause the close reason
     * @param refused whether the broker refused the subscription itself (queue not found, access
     *     refused, exclusive use): shown as {@code FAILED} while the container keeps trying
     * @return the wait before the next attempt, or empty when the policy gave up (state {@code FAILED})
     */
    synchronized Optional<Duration> channelClosed(Throwable cause, boolean refused) {
        if (!isActive()) {
            return Optional.empty();
        }
        lastFailure = cause;
        return nextAttempt(refused ? PikaListenerConsumerState.FAILED : PikaListenerConsumerState.RECOVERING);
    }

    /**
     * The broker cancelled a consumer ({@code basic.cancel}, e.g. the queue was deleted).
     *
     * @param cause a description of the cancel
     * @return the wait before subscribing that queue again, or empty when the policy gave up
     */
    synchronized Optional<Duration> brokerCancelled(Throwable cause) {
        if (!isActive()) {
            return Optional.empty();
        }
        lastFailure = cause;
        return nextAttempt(PikaListenerConsumerState.CANCELLED);
    }

    private Optional<Duration> nextAttempt(PikaListenerConsumerState waiting) {
        attempts++;
        if (!policy.allows(attempts)) {
            state = PikaListenerConsumerState.FAILED;
            LOG.error("Listener '" + listenerId + "' gave up subscribing after " + (attempts - 1)
                    + " attempts (pika.recovery.max-attempts): " + lastFailure);
            return Optional.empty();
        }
        state = waiting;
        return Optional.of(policy.delay(attempts));
    }

    /** Stopping: cancelling, letting the deliveries in progress finish. */
    synchronized void stopping() {
        state = PikaListenerConsumerState.STOPPING;
    }

    /** Stopped. */
    synchronized void stopped() {
        state = PikaListenerConsumerState.STOPPED;
    }

    /** @return the attempts made since the last successful subscription */
    synchronized int attempts() {
        return attempts;
    }
}
