package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LedgerTest {

    @Test
    void aCleanRunHasNothingLostNoDuplicatesNothingUnresolved() {
        Ledger ledger = new Ledger();
        for (long id = 0; id < 10; id++) {
            ledger.published(id);
            ledger.confirmed(id);
            ledger.consumed(id, false);
        }
        Ledger.Summary summary = ledger.summary();
        assertThat(summary.published()).isEqualTo(10);
        assertThat(summary.confirmed()).isEqualTo(10);
        assertThat(summary.consumed()).isEqualTo(10);
        assertThat(summary.lost()).isZero();
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.unresolved()).isZero();
        assertThat(summary.allDuplicatesRedelivered()).isTrue();
        assertThat(ledger.allConfirmedConsumed()).isTrue();
    }

    @Test
    void aConfirmedMessageNeverConsumedIsLost() {
        Ledger ledger = new Ledger();
        ledger.published(1);
        ledger.confirmed(1);
        ledger.published(2);
        ledger.confirmed(2);
        ledger.consumed(2, false);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.lost()).isEqualTo(1);
        assertThat(summary.lostIds()).containsExactly(1L);
        assertThat(ledger.allConfirmedConsumed()).isFalse();
        assertThat(ledger.isConsumed(2)).isTrue();
        assertThat(ledger.isConsumed(1)).isFalse();
    }

    @Test
    void anUnconfirmedMessageThatIsNotConsumedIsNotLost() {
        Ledger ledger = new Ledger();
        ledger.published(1);
        ledger.failedBack(1);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.lost()).isZero();
        assertThat(summary.failedBack()).isEqualTo(1);
        assertThat(summary.unresolved()).isZero();
    }

    @Test
    void aPublishNeitherConfirmedNorFailedBackIsUnresolved() {
        Ledger ledger = new Ledger();
        ledger.published(1);
        ledger.published(2);
        ledger.nacked(2);
        ledger.published(3);
        ledger.failedBack(3);
        ledger.published(3);
        // the republish of 3 is still open too

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.unresolved()).isEqualTo(2);
        assertThat(summary.unresolvedIds()).containsExactly(1L, 3L);
        assertThat(summary.nacked()).isEqualTo(1);
        assertThat(summary.publishAttempts()).isEqualTo(4);
        assertThat(summary.published()).isEqualTo(3);
    }

    @Test
    void redeliveriesAreFlaggedDuplicates() {
        Ledger ledger = new Ledger();
        ledger.published(7);
        ledger.confirmed(7);
        ledger.consumed(7, false);
        ledger.consumed(7, true);
        ledger.consumed(7, true);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.duplicates()).isEqualTo(2);
        assertThat(summary.redeliveredDuplicates()).isEqualTo(2);
        assertThat(summary.publisherDuplicates()).isZero();
        assertThat(summary.allDuplicatesRedelivered()).isTrue();
    }

    @Test
    void aFirstDeliveryAlreadyFlaggedRedeliveredIsNoDuplicate() {
        // delivered once before a cut the consumer never saw: the only delivery it sees is flagged
        Ledger ledger = new Ledger();
        ledger.published(7);
        ledger.confirmed(7);
        ledger.consumed(7, true);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.lost()).isZero();
    }

    @Test
    void aRepublishedMessageArrivingTwiceUnflaggedIsAPublisherDuplicate() {
        Ledger ledger = new Ledger();
        ledger.published(3);
        ledger.failedBack(3);
        ledger.published(3);
        ledger.confirmed(3);
        ledger.consumed(3, false);
        ledger.consumed(3, false);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.publisherDuplicates()).isEqualTo(1);
        assertThat(summary.redeliveredDuplicates()).isZero();
        assertThat(summary.allDuplicatesRedelivered()).isTrue();
    }

    @Test
    void anUnflaggedDuplicateOfASinglePublishIsReported() {
        Ledger ledger = new Ledger();
        ledger.published(5);
        ledger.confirmed(5);
        ledger.consumed(5, false);
        ledger.consumed(5, false);
        ledger.published(6);
        ledger.failedBack(6);
        ledger.published(6);
        ledger.confirmed(6);
        ledger.consumed(6, false);
        ledger.consumed(6, false);
        ledger.consumed(6, false);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.unflaggedDuplicates()).isEqualTo(2);
        assertThat(summary.unflaggedIds()).containsExactly(5L, 6L);
        assertThat(summary.publisherDuplicates()).isEqualTo(1);
        assertThat(summary.allDuplicatesRedelivered()).isFalse();
        assertThat(summary.toString()).contains("unflagged 2", "e.g. [5, 6]");
    }

    @Test
    void aDeliveryOfAnIdNeverPublishedIsUnknown() {
        Ledger ledger = new Ledger();
        ledger.consumed(99, false);

        Ledger.Summary summary = ledger.summary();
        assertThat(summary.unknown()).isEqualTo(1);
        assertThat(summary.unknownIds()).containsExactly(99L);
    }

    @Test
    void samplesKeepTheSmallestTwentyIds() {
        Ledger ledger = new Ledger();
        for (long id = 100; id > 0; id--) {
            ledger.published(id);
            ledger.confirmed(id);
        }
        Ledger.Summary summary = ledger.summary();
        assertThat(summary.lost()).isEqualTo(100);
        assertThat(summary.lostIds()).hasSize(20).startsWith(1L, 2L).endsWith(20L);
    }

    @Test
    void concurrentRecordingLosesNoEvent() throws Exception {
        Ledger ledger = new Ledger();
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        try {
            for (int t = 0; t < threads; t++) {
                long base = (long) t * perThread;
                pool.execute(() -> {
                    for (long id = base; id < base + perThread; id++) {
                        ledger.published(id);
                        ledger.confirmed(id);
                        ledger.consumed(id, false);
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        Ledger.Summary summary = ledger.summary();
        assertThat(summary.confirmed()).isEqualTo((long) threads * perThread);
        assertThat(summary.deliveries()).isEqualTo((long) threads * perThread);
        assertThat(summary.lost()).isZero();
        assertThat(ledger.confirmedCount()).isEqualTo(ledger.consumedCount());
    }
}
