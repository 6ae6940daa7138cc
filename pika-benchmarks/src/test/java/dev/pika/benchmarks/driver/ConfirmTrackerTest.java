package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConfirmTrackerTest {

    @Test
    void theWindowFillsAndAMultipleAckEmptiesIt() {
        ConfirmTracker tracker = new ConfirmTracker(3);
        tracker.published(1);
        tracker.published(2);
        assertThat(tracker.hasSlot()).isTrue();
        tracker.published(3);
        assertThat(tracker.hasSlot()).isFalse();

        assertThat(tracker.settle(2, true)).isEqualTo(2);
        assertThat(tracker.outstanding()).isEqualTo(1);
        assertThat(tracker.settle(3, true)).isEqualTo(1);
        assertThat(tracker.outstanding()).isZero();
    }

    @Test
    void singleConfirmsMayArriveOutOfOrder() {
        ConfirmTracker tracker = new ConfirmTracker(10);
        for (long seq = 1; seq <= 5; seq++) {
            tracker.published(seq);
        }

        assertThat(tracker.settle(3, false)).isEqualTo(1);
        assertThat(tracker.settle(3, false)).as("already settled").isZero();
        assertThat(tracker.settle(99, false)).as("unknown").isZero();
        assertThat(tracker.settle(1, false)).isEqualTo(1);
        assertThat(tracker.outstanding()).isEqualTo(3);
        assertThat(tracker.settle(5, true))
                .as("2, 4 and 5; 3 was settled before")
                .isEqualTo(3);
        assertThat(tracker.outstanding()).isZero();
    }

    @Test
    void growsWhenNewerMessagesSettleBeforeAnOldOne() {
        ConfirmTracker tracker = new ConfirmTracker(2);
        long seq = 1;
        tracker.published(seq++);
        for (int i = 0; i < 100; i++) {
            tracker.published(seq);
            assertThat(tracker.settle(seq, false)).isEqualTo(1);
            seq++;
        }

        assertThat(tracker.outstanding()).isEqualTo(1);
        assertThat(tracker.settle(1, false)).isEqualTo(1);
        assertThat(tracker.outstanding()).isZero();
    }

    @Test
    void theSettledCountIsHandedOverBeforeWaitersWake() throws Exception {
        ConfirmTracker tracker = new ConfirmTracker(10);
        tracker.published(1);
        tracker.published(2);
        java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
            tracker.awaitSettled(Duration.ofSeconds(10));
            return counted.get();
        });

        tracker.settle(2, true, count -> {
            // the waiter cannot return before this callback is done: it needs the tracker's monitor
            counted.addAndGet(count);
        });

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void sequenceNumbersMustIncrease() {
        ConfirmTracker tracker = new ConfirmTracker(5);
        tracker.published(4);

        assertThatThrownBy(() -> tracker.published(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must increase");
        assertThatThrownBy(() -> new ConfirmTracker(0)).hasMessageContaining("window must be at least 1");
    }

    @Test
    void awaitSlotWaitsForAConfirmFromAnotherThread() throws Exception {
        ConfirmTracker tracker = new ConfirmTracker(1);
        tracker.published(1);

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> tracker.awaitSlot(() -> false));
        assertThat(waiter).isNotDone();
        tracker.settle(1, false);

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void awaitSlotGivesUpWhenStopped() throws Exception {
        ConfirmTracker tracker = new ConfirmTracker(1);
        tracker.published(1);
        AtomicBoolean stop = new AtomicBoolean();

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> tracker.awaitSlot(stop::get));
        stop.set(true);

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void awaitSettled() {
        ConfirmTracker tracker = new ConfirmTracker(4);
        assertThat(tracker.awaitSettled(Duration.ZERO)).isTrue();
        tracker.published(1);

        assertThat(tracker.awaitSettled(Duration.ofMillis(20))).isFalse();
        tracker.settle(1, true);
        assertThat(tracker.awaitSettled(Duration.ofMillis(20))).isTrue();
    }
}
