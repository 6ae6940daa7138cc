package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 100 connection cuts (RST and FIN at random, through a {@link FaultProxy}) at random points of a confirmed publish
 * and manual-ack consume run, for each adapter. The publisher republishes whatever was failed back to it; at the end
 * every confirmed message was consumed (lost = 0), every publish attempt was either confirmed or failed back to the
 * application as a typed exception (none silently dropped), and every duplicate is either flagged redelivered by the
 * broker or explained by a republish.
 *
 * <p>Message counts: {@code -Dpika.reliability.cut.selectMessages} (default 100,000) and {@code
 * -Dpika.reliability.cut.blockingMessages} (default 50,000: the blocking publisher waits for each confirm, with a few
 * threads in flight); {@code -Dpika.reliability.cut.cuts} (default 100).
 */
@PikaIntegrationTest
class ConnectionCutIT {

    static final int CUTS = Integer.getInteger("pika.reliability.cut.cuts", 100);
    static final long SELECT_MESSAGES = Long.getLong("pika.reliability.cut.selectMessages", 100_000);
    static final long BLOCKING_MESSAGES = Long.getLong("pika.reliability.cut.blockingMessages", 50_000);
    static final int BLOCKING_PUBLISHER_THREADS = 4;

    /** Bounds for a loaded 2-core machine; far above what a run takes. */
    private static final Duration PER_CUT = Duration.ofSeconds(60);

    private static final Duration DRAIN = Duration.ofMinutes(2);

    TestBroker broker;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void selectConnectionLosesNothingAcrossOneHundredCuts() throws Exception {
        String queue = declareQueue("cut-select");
        Ledger ledger = new Ledger();
        IdSource ids = new IdSource(SELECT_MESSAGES);
        PublishFailures failures = new PublishFailures();
        RecoveryClock clock = new RecoveryClock();
        CutDriver.Result result;
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                IoLoop loop = new IoLoop()) {
            loop.startInBackground();
            ConnectionParameters params = through(proxy, "select");
            SelectPublisher publisher = new SelectPublisher(
                    loop, params, queue, ledger, ids, failures, clock, SelectPublisher.BasicPropertiesChoice.NONE);
            SelectConsumer consumer = new SelectConsumer(loop, params, queue, ledger, clock);
            try {
                CutDriver driver =
                        new CutDriver(proxy, ledger, ids, clock, List.of(publisher, consumer), CUTS, System.nanoTime());
                publisher.start();
                consumer.start();

                result = driver.run(PER_CUT);
                awaitEverythingConsumed(queue, ledger, ids.total());
            } finally {
                publisher.close();
                consumer.close();
            }
        }
        verifyAndReport("connection cut, SelectConnection", ledger, failures, clock, result);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void blockingConnectionLosesNothingAcrossOneHundredCuts() throws Exception {
        String queue = declareQueue("cut-blocking");
        Ledger ledger = new Ledger();
        IdSource ids = new IdSource(BLOCKING_MESSAGES);
        PublishFailures failures = new PublishFailures();
        RecoveryClock clock = new RecoveryClock();
        CutDriver.Result result;
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ConnectionParameters params = through(proxy, "blocking");
            BlockingPublisher publisher = new BlockingPublisher(
                    params, queue, ledger, ids, failures, clock, null, BLOCKING_PUBLISHER_THREADS);
            BlockingConsumer consumer = new BlockingConsumer(params, queue, ledger, clock);
            try {
                CutDriver driver =
                        new CutDriver(proxy, ledger, ids, clock, List.of(publisher, consumer), CUTS, System.nanoTime());
                publisher.start();
                consumer.start();

                result = driver.run(PER_CUT);
                awaitEverythingConsumed(queue, ledger, ids.total());
            } finally {
                publisher.close();
                consumer.close();
            }
        }
        verifyAndReport("connection cut, BlockingConnection", ledger, failures, clock, result);
    }

    private ConnectionParameters through(FaultProxy proxy, String hint) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .host(proxy.host())
                .port(proxy.port())
                .connectionName(broker.name(hint))
                .build();
    }

    private String declareQueue(String hint) throws Exception {
        String queue = broker.name(hint);
        try (Connection admin = broker.amqpClientConnectionFactory().newConnection()) {
            admin.createChannel().queueDeclare(queue, false, false, false, null);
        }
        return queue;
    }

    private long readyMessages(String queue) {
        try (Connection admin = broker.amqpClientConnectionFactory().newConnection()) {
            return admin.createChannel().queueDeclarePassive(queue).getMessageCount();
        } catch (Exception e) {
            throw new AssertionError("cannot read the message count of " + queue, e);
        }
    }

    private void awaitEverythingConsumed(String queue, Ledger ledger, long total) {
        Waits.until("every message confirmed", () -> ledger.confirmedCount() == total, DRAIN, ledger::toString);
        Waits.until(
                "every confirmed message consumed",
                ledger::allConfirmedConsumed,
                DRAIN,
                () -> ledger.summary().toString());
        Waits.until("the queue drained", () -> readyMessages(queue) == 0, DRAIN, () -> "ready " + readyMessages(queue));
    }

    static void verifyAndReport(
            String fault, Ledger ledger, PublishFailures failures, RecoveryClock clock, CutDriver.Result result) {
        clock.finish();
        Ledger.Summary summary = ledger.summary();
        String line = fault + ": " + result + "; " + summary + "; failed back as " + failures + "; recovery median "
                + clock.median() + " max " + clock.max() + " over " + clock.measured() + " cuts";
        System.out.println("[pika-reliability] " + line);
        ReliabilityReport.shared()
                .add(new ReliabilityReport.Row(
                        fault,
                        result.cuts(),
                        summary.published(),
                        summary.lost(),
                        summary.duplicates(),
                        clock.max(),
                        "RST " + result.resets() + " / FIN " + result.fins() + "; redelivered "
                                + summary.redeliveredDuplicates() + ", republished " + summary.publisherDuplicates()
                                + ", unflagged " + summary.unflaggedDuplicates() + "; failed back "
                                + summary.failedBack() + " " + failures.byType() + "; recovery median "
                                + ReliabilityReport.Row.formatDuration(clock.median())));

        assertThat(result.cuts()).as(line).isEqualTo(CUTS);
        assertThat(result.connectionsCut())
                .as("every cut hit the publisher's and the consumer's connections; " + line)
                .isGreaterThanOrEqualTo(2 * CUTS);
        assertThat(summary.lost()).as("lost; " + line).isZero();
        assertThat(summary.unresolved())
                .as("publishes neither confirmed nor failed back; " + line)
                .isZero();
        assertThat(failures.untyped())
                .as("failures that were not typed AmqpExceptions; " + line)
                .isZero();
        assertThat(summary.failedBack())
                .as("the cuts caught publishes in flight; " + line)
                .isPositive();
        assertThat(summary.unflaggedDuplicates())
                .as("duplicates neither redelivered nor republished; " + line)
                .isZero();
        assertThat(summary.unknown()).as(line).isZero();
        assertThat(summary.consumed()).as(line).isEqualTo(summary.published());
    }
}
