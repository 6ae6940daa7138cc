package dev.pika.spring.listener.observation;

/**
 * Where one listener's consumer is, as health reports it.
 *
 * <pre>
 * STOPPED ──start──▶ STARTING ──consume-ok──▶ CONSUMING ──channel/connection lost──▶ RECOVERING ──▶ CONSUMING
 *                       │                         │  └──broker cancel (queue deleted)──▶ CANCELLED
 *                       └──gave up────────────────┴──────────────────────────────────▶ FAILED
 * any ──stop──▶ STOPPING ──▶ STOPPED
 * </pre>
 *
 * <p>Health: a listener that is {@link #isRunning() running} and not {@link #CONSUMING} makes the
 * {@code pika} health contributor not UP ({@link #STARTING} and {@link #RECOVERING} are reported with
 * the configured recovering status, {@link #CANCELLED} and {@link #FAILED} as DOWN). A stopped listener
 * (never started, {@code autoStartup = false}, or stopped by the application) is shown but never makes
 * health worse.
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum PikaListenerConsumerState {

    /** Not running: not started yet, not auto-started, or stopped by the application. */
    STOPPED,

    /** Started: opening its channel, setting the prefetch, subscribing ({@code Basic.Consume}). */
    STARTING,

    /** Subscribed to every queue ({@code Basic.ConsumeOk}): deliveries flow. */
    CONSUMING,

    /** The channel or the connection was lost; it subscribes again once the connection is back. */
    RECOVERING,

    /** The broker cancelled the consumer ({@code Basic.Cancel}, e.g. the queue was deleted). */
    CANCELLED,

    /**
     * Gave up: the subscription failed for good (the queue does not exist, exclusive access refused...)
     * or re-subscribing ran out of attempts. {@link PikaListenerSnapshot#lastFailure()} says why.
     */
    FAILED,

    /** Stopping: cancelling the consumer, letting the deliveries in progress finish. */
    STOPPING;

    /**
     * Whether the listener is meant to consume now: every state but {@link #STOPPED} and {@link
     * #STOPPING}.
     *
     * @return {@code true} when running
     */
    public boolean isRunning() {
        return this != STOPPED && this != STOPPING;
    }
}
