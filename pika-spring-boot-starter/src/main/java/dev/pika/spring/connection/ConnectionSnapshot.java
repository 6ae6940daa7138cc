package dev.pika.spring.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link PikaConnection} looks like at one moment: state, broker, blocked state and recovery
 * history. Read with {@link PikaConnection#snapshot()} from any thread without blocking (health
 * indicators, metrics, logs): the connection replaces its snapshot at every change.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the connection's name (its {@code connection_name} on the broker)
 * @param state the state
 * @param address the broker address connected to ({@code host:port}), or {@code null} when not open
 * @param serverProperties the broker's {@code Connection.Start} server properties of the current or
 *     last connection (product, version...), empty before the first one
 * @param heartbeat the negotiated heartbeat timeout of the current or last connection ({@link
 *     Duration#ZERO} when off or never connected)
 * @param blocked whether the broker blocked the connection ({@code Connection.Blocked}: memory or disk
 *     alarm)
 * @param blockedReason the broker's reason while blocked, else {@code null}
 * @param lastFailure why the connection was lost or could not be opened most recently, or {@code null}
 * @param attempt the current or last recovery attempt (1 for the first), 0 when none ran
 * @param recoveries how many times the connection was re-established after a loss
 * @param lastRecovered when the connection was last re-established, or {@code null}
 * @param since when the connection entered this state
 */
public record ConnectionSnapshot(
        String name,
        PikaConnectionState state,
        String address,
        Map<String, Object> serverProperties,
        Duration heartbeat,
        boolean blocked,
        String blockedReason,
        Throwable lastFailure,
        int attempt,
        long recoveries,
        Instant lastRecovered,
        Instant since) {

    /** Checks the required components and copies the server properties. */
    public ConnectionSnapshot {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(state, "state must not be null");
        serverProperties = serverProperties == null ? Map.of() : Map.copyOf(serverProperties);
        heartbeat = heartbeat == null ? Duration.ZERO : heartbeat;
        Objects.requireNonNull(since, "since must not be null");
    }

    /**
     * The snapshot of a connection that was never started.
     *
     * @param name the connection's name
     * @return a {@link PikaConnectionState#NEW} snapshot
     */
    public static ConnectionSnapshot initial(String name) {
        return new ConnectionSnapshot(
                name,
                PikaConnectionState.NEW,
                null,
                Map.of(),
                Duration.ZERO,
                false,
                null,
                null,
                0,
                0,
                null,
                Instant.now());
    }

    /**
     * Whether the connection is open.
     *
     * @return {@code state() == OPEN}
     */
    public boolean isOpen() {
        return state == PikaConnectionState.OPEN;
    }

    /**
     * This snapshot in another state, stamped now.
     *
     * @param newState the state
     * @return the new snapshot
     */
    ConnectionSnapshot withState(PikaConnectionState newState) {
        return new ConnectionSnapshot(
                name,
                newState,
                newState == PikaConnectionState.OPEN ? address : null,
                serverProperties,
                heartbeat,
                newState == PikaConnectionState.OPEN && blocked,
                newState == PikaConnectionState.OPEN ? blockedReason : null,
                lastFailure,
                attempt,
                recoveries,
                lastRecovered,
                Instant.now());
    }

    ConnectionSnapshot withFailure(Throwable failure) {
        return new ConnectionSnapshot(
                name,
                state,
                address,
                serverProperties,
                heartbeat,
                blocked,
                blockedReason,
                failure,
                attempt,
                recoveries,
                lastRecovered,
                since);
    }

    ConnectionSnapshot withAttempt(int newAttempt) {
        return new ConnectionSnapshot(
                name,
                state,
                address,
                serverProperties,
                heartbeat,
                blocked,
                blockedReason,
                lastFailure,
                newAttempt,
                recoveries,
                lastRecovered,
                since);
    }

    ConnectionSnapshot opened(
            String newAddress, Map<String, Object> newServerProperties, Duration newHeartbeat, boolean recovered) {
        Instant now = Instant.now();
        return new ConnectionSnapshot(
                name,
                PikaConnectionState.OPEN,
                newAddress,
                newServerProperties,
                newHeartbeat,
                false,
                null,
                lastFailure,
                attempt,
                recovered ? recoveries + 1 : recoveries,
                recovered ? now : lastRecovered,
                now);
    }

    ConnectionSnapshot withBlocked(boolean nowBlocked, String reason) {
        return new ConnectionSnapshot(
                name,
                state,
                address,
                serverProperties,
                heartbeat,
                nowBlocked,
                nowBlocked ? reason : null,
                lastFailure,
                attempt,
                recoveries,
                lastRecovered,
                since);
    }
}
