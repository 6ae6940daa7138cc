package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One publish/consume run under repeated faults, and its verdict: the shared bookkeeping ({@link Ledger}, {@link
 * IdSource}, {@link PublishFailures}, {@link RecoveryClock}), the wait until every confirmed message was consumed and
 * the queue is empty, and the checks every such run must pass (lost 0, nothing unresolved, failures typed, duplicates
 * redelivered or republished), with its row in the {@link ReliabilityReport}.
 *
 * <p>Threading: the bookkeeping is thread-safe; {@link #awaitEverythingConsumed} and {@link #verifyAndReport} run on
 * the test's thread.
 */
final class FaultRun {

    /** Bound on draining after the faults, for a loaded 2-core machine. */
    static final Duration DRAIN = Duration.ofMinutes(2);

    final Ledger ledger = new Ledger();
    final IdSource ids;
    final PublishFailures failures = new PublishFailures();
    final RecoveryClock clock = new RecoveryClock();

    FaultRun(long messages) {
        this.ids = new IdSource(messages);
    }

    /** A driver over this run's bookkeeping (seeded from the clock; the seed is in the report line). */
    FaultDriver driver(List<FaultClient> clients, int faults, long seed) {
        return new FaultDriver(ledger, ids, clock, clients, faults, seed);
    }

    /** Waits until every message is confirmed, every confirmed one consumed and the queue has nothing ready. */
    void awaitEverythingConsumed(LongSupplier readyMessages) {
        long total = ids.total();
        Waits.until(
                "every message confirmed",
                () -> ledger.confirmedCount() == total,
                DRAIN,
                () -> ledger.summary().toString());
        Waits.until(
                "every confirmed message consumed",
                ledger::allConfirmedConsumed,
                DRAIN,
                () -> ledger.summary().toString());
        Waits.until(
                "the queue drained",
                () -> readyMessages.getAsLong() == 0,
                DRAIN,
                () -> "ready " + readyMessages.getAsLong());
    }

    /**
     * Adds the run's row to the shared report, prints its line, then checks the promises.
     *
     * @param fault the row's name
     * @param result what the driver did
     * @param seed the driver's seed (to repeat the thresholds)
     * @param expectFailedBack whether the faults must have caught publishes in flight
     * @return the ledger's summary
     */
    Ledger.Summary verifyAndReport(String fault, FaultDriver.Result result, long seed, boolean expectFailedBack) {
        clock.finish();
        Ledger.Summary summary = ledger.summary();
        String line = fault + ": " + result.faults() + " faults (" + result.tallyText() + ") in "
                + result.elapsed().toMillis() + " ms, seed " + seed + "; " + summary + "; failed back as " + failures
                + "; recovery median " + ReliabilityReport.Row.formatDuration(clock.median()) + ", max "
                + ReliabilityReport.Row.formatDuration(clock.max()) + " over " + clock.measured() + " faults";
        System.out.println("[pika-reliability] " + line);
        ReliabilityReport.shared()
                .add(new ReliabilityReport.Row(
                        fault,
                        result.faults(),
                        summary.published(),
                        summary.lost(),
                        summary.duplicates(),
                        clock.max(),
                        result.tallyText() + "; redelivered " + summary.redeliveredDuplicates() + ", republished "
                                + summary.publisherDuplicates() + ", unflagged " + summary.unflaggedDuplicates()
                                + "; failed back " + summary.failedBack() + " " + failures.byType()
                                + "; recovery median " + ReliabilityReport.Row.formatDuration(clock.median())));

        assertThat(summary.lost()).as("lost; " + line).isZero();
        assertThat(summary.unresolved())
                .as("publishes neither confirmed nor failed back; " + line)
                .isZero();
        assertThat(failures.untyped())
                .as("failures that were not typed AmqpExceptions; " + line)
                .isZero();
        if (expectFailedBack) {
            assertThat(summary.failedBack())
                    .as("the faults caught publishes in flight; " + line)
                    .isPositive();
        }
        assertThat(summary.unflaggedDuplicates())
                .as("duplicates neither redelivered nor republished; " + line)
                .isZero();
        assertThat(summary.unknown()).as(line).isZero();
        assertThat(summary.consumed()).as(line).isEqualTo(summary.published());
        return summary;
    }
}
