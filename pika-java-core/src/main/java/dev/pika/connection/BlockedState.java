package dev.pika.connection;

import dev.pika.io.IoServices;
import dev.pika.io.TimerReference;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the broker blocked the connection ({@code Connection.Blocked}, RabbitMQ's resource alarms) and the
 * blocked-connection timer: with a {@code blockedConnectionTimeout}, a connection still blocked when it expires is
 * torn down (Pika's {@code _on_blocked_connection_timeout}).
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class BlockedState {

    private final IoServices io;
    private final Duration timeout;
    private final Runnable onTimeout;

    private boolean blocked;
    private String reason;
    private TimerReference timer;

    /**
     * @param io the loop's timers
     * @param timeout how long the connection may stay blocked, or {@code null} for ever
     * @param onTimeout runs when it stayed blocked too long
     */
    BlockedState(IoServices io, Duration timeout, Runnable onTimeout) {
        this.io = io;
        this.timeout = timeout;
        this.onTimeout = onTimeout;
    }

    boolean isBlocked() {
        return blocked;
    }

    Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    Duration timeout() {
        return timeout;
    }

    /** {@code Connection.Blocked}: starts the timer unless it runs already (RabbitMQ does not repeat it). */
    void onBlocked(String blockedReason) {
        blocked = true;
        reason = blockedReason;
        if (timeout != null && timer == null) {
            timer = io.callLater(timeout, () -> {
                timer = null;
                onTimeout.run();
            });
        }
    }

    /** {@code Connection.Unblocked}: stops the timer. */
    void onUnblocked() {
        blocked = false;
        reason = null;
        stop();
    }

    /** Stops the timer; idempotent. */
    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
