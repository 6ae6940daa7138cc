package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.RunCounters;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PublishPlanTest {

    private final RunCounters counters = new RunCounters();

    @Test
    void stopsAtTheMessageLimit() {
        PublishPlan plan = PublishPlan.builder()
                .routingKey("q")
                .messageLimit(3)
                .counters(counters)
                .build();

        int published = 0;
        while (plan.awaitNextPublish()) {
            plan.nextBody();
            plan.afterPublish();
            published++;
        }

        assertThat(published).isEqualTo(3);
        assertThat(plan.published()).isEqualTo(3);
        assertThat(counters.snapshot().sent()).isEqualTo(3);
    }

    @Test
    void aProducerHeldBackWaitsUntilReleasedOrStopped() throws Exception {
        AtomicBoolean holdBack = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        PublishPlan plan = PublishPlan.builder()
                .routingKey("q")
                .holdBack(holdBack::get)
                .stopRequested(stop::get)
                .counters(counters)
                .build();
        java.util.concurrent.CompletableFuture<Boolean> next =
                java.util.concurrent.CompletableFuture.supplyAsync(plan::awaitNextPublish);

        // It stays held back (checked again a few times)...
        assertThat(next).as("held back").isNotDone();
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        assertThat(next).as("still held back").isNotDone();
        // ...until released.
        holdBack.set(false);
        assertThat(next.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // The condition is looked at once per HOLD_BACK_CHECK_EVERY messages, not per message.
        holdBack.set(true);
        for (int i = 1; i < PublishPlan.HOLD_BACK_CHECK_EVERY; i++) {
            plan.afterPublish();
        }
        plan.afterPublish();
        java.util.concurrent.CompletableFuture<Boolean> stopped =
                java.util.concurrent.CompletableFuture.supplyAsync(plan::awaitNextPublish);
        stop.set(true);
        assertThat(stopped.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("a stop ends the wait")
                .isFalse();
    }

    @Test
    void theBacklogIsSentMinusReceivedReturnedAndNacked() {
        for (int i = 0; i < 10; i++) {
            counters.sent();
        }
        counters.received(-1);
        counters.returned();
        counters.nacked(2);
        assertThat(counters.backlog()).isEqualTo(6);
    }

    @Test
    void stopsWhenTheRunStops() {
        AtomicBoolean stop = new AtomicBoolean();
        PublishPlan plan = PublishPlan.builder()
                .routingKey("q")
                .stopRequested(stop::get)
                .counters(counters)
                .build();

        assertThat(plan.awaitNextPublish()).isTrue();
        stop.set(true);
        assertThat(plan.awaitNextPublish()).isFalse();
        assertThat(plan.isFinished()).isTrue();
    }

    @Test
    void confirmsAndNacksAreCountedAndFreeTheWindow() {
        PublishPlan plan = PublishPlan.builder()
                .routingKey("q")
                .confirmWindow(2)
                .counters(counters)
                .build();
        assertThat(plan.confirmsEnabled()).isTrue();
        plan.beforePublish(1);
        plan.afterPublish();
        plan.beforePublish(2);
        plan.afterPublish();
        assertThat(plan.confirms().hasSlot()).isFalse();

        plan.onConfirm(1, false, true);
        plan.onConfirm(2, false, false);
        plan.onReturn();

        assertThat(counters.snapshot()).isEqualTo(new CounterSnapshot(2, 1, 1, 1, 0));
        assertThat(plan.awaitSettled()).isTrue();
        assertThat(plan.confirms().hasSlot()).isTrue();
    }

    @Test
    void withoutConfirmsTheHooksDoNothing() {
        PublishPlan plan =
                PublishPlan.builder().routingKey("q").counters(counters).build();
        plan.beforePublish(1);
        plan.onConfirm(1, false, true);

        assertThat(plan.confirmsEnabled()).isFalse();
        assertThat(plan.confirms()).isNull();
        assertThat(counters.snapshot().confirmed()).isZero();
        assertThat(plan.awaitSettled()).isTrue();
    }

    @Test
    void bodiesCarryTheTimeOnlyWhenAsked() {
        long before = System.nanoTime();
        PublishPlan stamped = PublishPlan.builder()
                .routingKey("q")
                .bodySize(50)
                .counters(counters)
                .build();
        PublishPlan unstamped = PublishPlan.builder()
                .routingKey("q")
                .timestamps(false)
                .counters(counters)
                .build();

        byte[] body = stamped.nextBody();

        assertThat(body).hasSize(50);
        assertThat(MessageBodies.timestampNanos(body)).isBetween(before, System.nanoTime());
        assertThat(MessageBodies.sequence(stamped.nextBody())).isEqualTo(1);
        assertThat(MessageBodies.timestampNanos(unstamped.nextBody())).isZero();
        assertThat(unstamped.bodySize()).isEqualTo(MessageBodies.MIN_SIZE);
    }

    @Test
    void missingSettingsAreNamed() {
        assertThatThrownBy(() -> PublishPlan.builder().counters(counters).build())
                .hasMessageContaining("routingKey must be set");
        assertThatThrownBy(() -> PublishPlan.builder().confirmWindow(-1)).hasMessageContaining("confirmWindow");
        assertThatThrownBy(() -> PublishPlan.builder().ratePerSecond(Double.NaN))
                .hasMessageContaining("ratePerSecond");
    }
}
