package dev.pika.spring.connection.event;

import java.time.Instant;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * A state change of a starter connection, published as a Spring application event and given to
 * {@code PikaConnectionListener.onEvent}: {@link PikaConnectionConnectedEvent}, {@link
 * PikaConnectionLostEvent}, {@link PikaConnectionRecoveringEvent}, {@link
 * PikaConnectionRecoveredEvent}, {@link PikaConnectionFailedEvent}. Listen to the base type for all of
 * them ({@code @EventListener void on(PikaConnectionEvent event)}).
 *
 * <p>Events are published on the connection's recovery thread ({@code pika-recovery-N}), one at a
 * time and in order; a slow listener delays the next reconnection attempt, so hand long work off.
 *
 * <p>Immutable and thread-safe. The source is the {@code PikaConnection}.
 */
public abstract sealed class PikaConnectionEvent extends ApplicationEvent
        permits PikaConnectionConnectedEvent,
                PikaConnectionLostEvent,
                PikaConnectionRecoveringEvent,
                PikaConnectionRecoveredEvent,
                PikaConnectionFailedEvent {

    private final String connectionName;
    private final Throwable cause;
    private final int attempt;
    private final Instant at;

    /**
     * Creates the event.
     *
     * @param source the connection
     * @param connectionName its name
     * @param cause the failure this event reports, or {@code null}
     * @param attempt the attempt number this event belongs to (1 for the first), 0 when none
     */
    protected PikaConnectionEvent(Object source, String connectionName, Throwable cause, int attempt) {
        super(source);
        this.connectionName = Objects.requireNonNull(connectionName, "connectionName must not be null");
        this.cause = cause;
        this.attempt = attempt;
        this.at = Instant.now();
    }

    /**
     * The connection's name.
     *
     * @return the name
     */
    public String getConnectionName() {
        return connectionName;
    }

    /**
     * The failure the event reports: why the connection was lost, why the last attempt failed, why
     * recovery gave up.
     *
     * @return the failure, or {@code null} (connected, recovered)
     */
    public Throwable getCause() {
        return cause;
    }

    /**
     * The attempt number: of the attempt that opened the connection (connected, recovered), that is
     * starting (recovering), or the last one (failed); 0 for a loss.
     *
     * @return the attempt number
     */
    public int getAttempt() {
        return attempt;
    }

    /**
     * When the change happened.
     *
     * @return the instant
     */
    public Instant getAt() {
        return at;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[connection=" + connectionName + ", attempt=" + attempt
                + (cause == null ? "" : ", cause=" + cause) + "]";
    }
}
