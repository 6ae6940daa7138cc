package dev.pika.connection;

import dev.pika.io.IoServices;
import dev.pika.io.TimerReference;
import java.time.Duration;

/**
 * Sends heartbeats to the broker and detects a dead broker, on the loop's timers (Pika's {@code HeartbeatChecker},
 * with a stricter detection bound).
 *
 * <p>The rule, for a negotiated timeout {@code T}: the checker ticks every {@code T/4}. The connection raises two
 * flags as it works: "received" for every read from the stream, "sent" for every frame written. At a tick:
 *
 * <ul>
 *   <li><b>send</b>: when nothing was sent during the last two tick periods (at least {@code T/2} of silence), a
 *       heartbeat frame goes out; an idle connection therefore sends one every {@code T/2}, and a busy one none;
 *   <li><b>detect</b>: when nothing was received during the last six tick periods, the broker is declared dead (the
 *       connection closes with {@code AmqpHeartbeatTimeoutException} and its stream is aborted). The silence is then
 *       more than {@code 1.5 T} and at most {@code 1.75 T}: a dead broker is detected within {@code 2 T}, and a broker
 *       that sends a heartbeat every {@code T/2} (RabbitMQ's rule; its idle gaps reach {@code T} at worst) is never
 *       declared dead. Reads are handled before timers in a loop turn, so a loop that was kept busy by application
 *       code does not mistake its own delay for a silent broker.
 * </ul>
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class HeartbeatChecker {

    /** Tick periods without any frame sent after which a heartbeat goes out. */
    static final int SEND_AFTER_IDLE_TICKS = 2;

    /** Tick periods without any byte received after which the broker is declared dead. */
    static final int DEAD_AFTER_IDLE_TICKS = 6;

    private final IoServices io;
    private final Duration tick;
    private final Runnable sendHeartbeat;
    private final Runnable onDead;
    private final Runnable tickTask = this::onTick;

    private boolean received;
    private boolean sent;
    private int idleReceiveTicks;
    private int idleSendTicks;
    private TimerReference timer;
    private boolean stopped;

    /**
     * Starts the checker.
     *
     * @param io the loop's timers
     * @param timeoutSeconds the negotiated heartbeat timeout, at least 1
     * @param sendHeartbeat writes a heartbeat frame
     * @param onDead tears the connection down
     */
    HeartbeatChecker(IoServices io, int timeoutSeconds, Runnable sendHeartbeat, Runnable onDead) {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be at least 1, got " + timeoutSeconds);
        }
        this.io = io;
        this.tick = Duration.ofSeconds(timeoutSeconds).dividedBy(4);
        this.sendHeartbeat = sendHeartbeat;
        this.onDead = onDead;
        this.timer = io.callLater(tick, tickTask);
    }

    /** Something arrived from the broker. */
    void markReceived() {
        received = true;
    }

    /** Something was written to the broker. */
    void markSent() {
        sent = true;
    }

    /** The tick period ({@code T/4}). */
    Duration tick() {
        return tick;
    }

    private void onTick() {
        timer = null;
        if (stopped) {
            return;
        }
        if (received) {
            received = false;
            idleReceiveTicks = 0;
        } else if (++idleReceiveTicks >= DEAD_AFTER_IDLE_TICKS) {
            stopped = true;
            onDead.run();
            return;
        }
        if (sent) {
            sent = false;
            idleSendTicks = 0;
        } else if (++idleSendTicks >= SEND_AFTER_IDLE_TICKS) {
            idleSendTicks = 0;
            sendHeartbeat.run();
            sent = false; // the heartbeat itself is not activity: the next one follows T/2 later when idle
        }
        if (!stopped) {
            timer = io.callLater(tick, tickTask);
        }
    }

    /** Stops both timers; idempotent. */
    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
