package dev.pika.spring.connection;

/**
 * Where a {@link PikaConnection} is in its life. Transitions:
 *
 * <pre>
 * NEW ──start──▶ CONNECTING ──opened──▶ OPEN ──lost──▶ RECOVERING ──reopened──▶ OPEN
 *                    │                   │                  │
 *                    └──fatal/given up───┴──(recovery off)──┴──fatal/given up──▶ FAILED
 * any ──close──▶ CLOSED
 * </pre>
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum PikaConnectionState {

    /** Created, not started: nothing was attempted yet. */
    NEW,

    /** The first connection is being opened (with retries under the recovery policy). */
    CONNECTING,

    /** Connected: channels can be opened. */
    OPEN,

    /** The connection was lost and is being re-established under the recovery policy. */
    RECOVERING,

    /**
     * Gave up: the failure was fatal (authentication or access refused), recovery is disabled, or the
     * recovery policy ran out of attempts. {@link ConnectionSnapshot#lastFailure()} says why.
     */
    FAILED,

    /** Closed by the application (context shutdown); final. */
    CLOSED;

    /**
     * Whether the state is final: nothing more happens on its own.
     *
     * @return {@code true} for {@link #FAILED} and {@link #CLOSED}
     */
    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
