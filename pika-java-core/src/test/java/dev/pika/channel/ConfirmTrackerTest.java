package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpChannelException;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Basic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The ring of pending publishes: growth, out-of-order and multiple confirmations, failures. */
class ConfirmTrackerTest {

    private final ConfirmTracker tracker = new ConfirmTracker(1);

    private static PendingConfirm pending(String routingKey, boolean mandatory) {
        return new PendingConfirm("", routingKey, BasicProperties.EMPTY, new byte[] {1}, mandatory);
    }

    @Test
    void sequenceNumbersStartAtOneAndCount() {
        assertThat(tracker.nextSequenceNumber()).isEqualTo(1);
        assertThat(tracker.recordPlain(false)).isEqualTo(1);
        assertThat(tracker.recordConfirmed(pending("q", false))).isEqualTo(2);
        assertThat(tracker.recordPlain(true)).isEqualTo(3);
        assertThat(tracker.pendingCount()).isEqualTo(3);
    }

    @Test
    void aLargeWindowGrowsTheRingAndSettlesInAnyOrder() {
        int count = 10_000;
        List<PendingConfirm> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PendingConfirm publish = pending("q" + i, false);
            futures.add(publish);
            assertThat(tracker.recordConfirmed(publish)).isEqualTo(i + 1);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(42));
        int settled = 0;
        for (int tag : order.subList(0, count / 2)) {
            settled += tracker.onConfirm(tag, false, true);
        }
        assertThat(settled).isEqualTo(count / 2);
        assertThat(tracker.pendingCount()).isEqualTo(count / 2);

        assertThat(tracker.onConfirm(count, true, true)).isEqualTo(count / 2);
        assertThat(tracker.pendingCount()).isZero();
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    }

    @Test
    void theRingKeepsWorkingAcrossManyWraps() {
        for (int round = 0; round < 1_000; round++) {
            long first = tracker.recordPlain(false);
            long second = tracker.recordPlain(false);
            long third = tracker.recordPlain(false);
            assertThat(tracker.onConfirm(second, false, true)).isEqualTo(1);
            assertThat(tracker.onConfirm(third, true, true)).isEqualTo(2);
            assertThat(first + 2).isEqualTo(third);
        }
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.nextSequenceNumber()).isEqualTo(3_001);
    }

    @Test
    void confirmationsOfUnknownOrSettledTagsSettleNothing() {
        tracker.recordPlain(false);
        tracker.recordPlain(false);

        assertThat(tracker.onConfirm(7, false, true)).isZero();
        assertThat(tracker.onConfirm(1, false, true)).isEqualTo(1);
        assertThat(tracker.onConfirm(1, false, true)).isZero();
        assertThat(tracker.onConfirm(1, true, true)).isZero();
        assertThat(tracker.onConfirm(9, true, false)).isEqualTo(1);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void aMultipleConfirmationSkipsTheAlreadySettledOnes() {
        PendingConfirm one = pending("a", false);
        PendingConfirm two = pending("b", false);
        PendingConfirm three = pending("c", false);
        tracker.recordConfirmed(one);
        tracker.recordConfirmed(two);
        tracker.recordConfirmed(three);

        assertThat(tracker.onConfirm(2, false, false)).isEqualTo(1);
        assertThat(tracker.onConfirm(3, true, true)).isEqualTo(2);

        assertThat(one).isCompleted().isNotCompletedExceptionally();
        assertThat(failure(two)).isInstanceOf(NackException.class);
        assertThat(three).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aFutureMayPublishWhileItIsBeingSettled() {
        List<Long> republished = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            PendingConfirm publish = pending("q", false);
            publish.thenRun(() -> republished.add(tracker.recordPlain(false)));
            tracker.recordConfirmed(publish);
        }

        assertThat(tracker.onConfirm(64, true, true)).isEqualTo(64);

        assertThat(republished).hasSize(64).startsWith(65L).endsWith(128L);
        assertThat(tracker.pendingCount()).isEqualTo(64);
    }

    @Test
    void aReturnIsAttributedByContentWhenItArrives() {
        PendingConfirm first = new PendingConfirm("", "x", BasicProperties.EMPTY, new byte[] {8}, true);
        PendingConfirm second = new PendingConfirm("", "x", BasicProperties.EMPTY, new byte[] {9}, true);
        tracker.recordConfirmed(first);
        tracker.recordConfirmed(second);
        tracker.onReturn(new Basic.Return(312, "NO_ROUTE", "", "x"), BasicProperties.EMPTY, new byte[] {9});

        tracker.onConfirm(1, false, true);
        tracker.onConfirm(2, false, true);

        assertThat(first).isCompleted().isNotCompletedExceptionally();
        assertThat(failure(second))
                .isInstanceOfSatisfying(
                        UnroutableException.class,
                        e -> assertThat(e.messages().get(0).body()).containsExactly(9));
    }

    @Test
    void aReturnOfAnotherExchangeRoutingKeyOrBodyMatchesNothing() {
        PendingConfirm publish = new PendingConfirm("ex", "x", BasicProperties.EMPTY, new byte[] {1}, true);
        tracker.recordConfirmed(publish);
        tracker.onReturn(new Basic.Return(312, "NO_ROUTE", "", "x"), BasicProperties.EMPTY, new byte[] {1});
        tracker.onReturn(new Basic.Return(312, "NO_ROUTE", "ex", "y"), BasicProperties.EMPTY, new byte[] {1});
        tracker.onReturn(new Basic.Return(312, "NO_ROUTE", "ex", "x"), BasicProperties.EMPTY, new byte[] {2});

        tracker.onConfirm(1, false, true);

        assertThat(publish).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void nonMandatoryPublishesAreNeverMatched() {
        PendingConfirm plain = pending("x", false);
        tracker.recordConfirmed(plain);
        tracker.onReturn(new Basic.Return(312, "NO_ROUTE", "", "x"), BasicProperties.EMPTY, new byte[] {1});

        tracker.onConfirm(1, true, true);

        assertThat(plain).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void failAllFailsEveryPendingFutureAndEmptiesTheTracker() {
        PendingConfirm one = pending("a", false);
        tracker.recordConfirmed(one);
        tracker.recordPlain(true);
        PendingConfirm three = pending("c", true);
        tracker.recordConfirmed(three);
        AmqpChannelException reason = new AmqpChannelException("gone");

        tracker.failAll(reason);

        assertThat(failure(one)).isSameAs(reason);
        assertThat(failure(three)).isSameAs(reason);
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.recordPlain(false)).isEqualTo(4);
    }

    private static Throwable failure(PendingConfirm future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
