package dev.pika.spring.listener.container;

import dev.pika.io.IoServices;
import dev.pika.io.TimerReference;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The time bound of the {@link SettlementQueue}'s deferred drains: while deliveries arrive or are
 * outstanding, a timer on the I/O loop drains the settlements every {@code period} (the container's
 * ack-hold time). Settlements schedule a drain themselves only every quarter of the prefetch; the others
 * reach the broker within one period, whatever the listener does next.
 *
 * <p>The timer is armed by the first delivery after a quiet period and re-armed by each sweep while
 * deliveries are outstanding or arrived since the sweep before; it stops one or two periods after the
 * last delivery was settled. One timer per period, not per delivery.
 *
 * <p>Not thread-safe: confined to the connection's I/O thread.
 */
final class SettlementSweep {

    private final Duration period;
    private final Runnable drain;
    private final BooleanSupplier outstanding;
    private TimerReference timer;
    private boolean deliveredSinceSweep;

    /**
     * Creates a sweep; it is not armed.
     *
     * @param period how long a deferred settlement waits at most
     * @param drain drains the settlement queue (and flushes the acks)
     * @param outstanding whether deliveries of the current channel are not settled yet
     */
    SettlementSweep(Duration period, Runnable drain, BooleanSupplier outstanding) {
        this.period = period;
        this.drain = drain;
        this.outstanding = outstanding;
    }

    /**
     * A delivery arrived: arms the timer unless it is armed.
     *
     * @param loop the loop of the delivery's connection
     */
    void delivered(IoServices loop) {
        deliveredSinceSweep = true;
        if (timer == null) {
            timer = loop.callLater(period, () -> sweep(loop));
        }
    }

    private void sweep(IoServices loop) {
        timer = null;
        drain.run();
        if (deliveredSinceSweep || outstanding.getAsBoolean()) {
            deliveredSinceSweep = false;
            timer = loop.callLater(period, () -> sweep(loop));
        }
    }

    /** Disarms the timer (the channel closes, or the container stops). */
    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        deliveredSinceSweep = false;
    }

    /** @return whether the timer is armed */
    boolean isArmed() {
        return timer != null;
    }
}
