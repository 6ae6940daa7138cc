package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.adapters.select.IoLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link SettlementSweep} on a real {@link IoLoop}: armed by deliveries, re-armed while any are outstanding. */
class SettlementSweepTest {

    private final IoLoop loop = new IoLoop();
    private final AtomicInteger drains = new AtomicInteger();
    private final AtomicBoolean outstanding = new AtomicBoolean();
    private final SettlementSweep sweep =
            new SettlementSweep(Duration.ofMillis(5), drains::incrementAndGet, outstanding::get);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private <T> T onLoop(Supplier<T> step) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> result.complete(step.get()));
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aDeliveryArmsTheSweepWhichDrainsAndKeepsGoingWhileDeliveriesAreOutstanding() throws Exception {
        loop.startInBackground("sweep-test-loop");
        outstanding.set(true);
        onLoop(() -> {
            sweep.delivered(loop);
            sweep.delivered(loop); // already armed: no second timer
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> drains.get() >= 3);
        assertThat(onLoop(sweep::isArmed))
                .as("re-armed while deliveries are outstanding")
                .isTrue();

        outstanding.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> !onLoop(sweep::isArmed));
        int after = drains.get();
        assertThat(onLoop(sweep::isArmed)).isFalse();
        assertThat(drains.get()).as("no drain once stopped").isEqualTo(after);
    }

    @Test
    void cancelDisarmsIt() throws Exception {
        loop.startInBackground("sweep-test-loop");
        outstanding.set(true);
        onLoop(() -> {
            sweep.delivered(loop);
            sweep.cancel();
            return null;
        });
        assertThat(onLoop(sweep::isArmed)).isFalse();
        onLoop(() -> {
            sweep.delivered(loop);
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> drains.get() >= 1);
    }
}
