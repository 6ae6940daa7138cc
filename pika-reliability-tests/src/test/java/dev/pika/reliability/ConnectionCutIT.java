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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 100 connection cuts (RST and FIN at random, through a {@link FaultProxy}) at random points of a confirmed publish
 * and manual-ack consume run, for each adapter. The publisher republishes whatever was failed back to it; at the end
 * every confirmed message was consumed (lost = 0), every publish attempt was either confirmed or failed back to the
 * application as a typed exception (none silently dropped), and every duplicate is either flagged redelivered by the
 * broker or explained by a republish. Once the clients are closed, none of the hundreds of connections they opened
 * left a {@code pika-} thread behind.
 *
 * <p>Message counts: {@code -Dpika.reliability.cut.selectMessages} (default 100,000) and {@code
 * -Dpika.reliability.cut.blockingMessages} (default 20,000: the blocking publisher waits for each confirm, with a few
 * threads in flight); {@code -Dpika.reliability.cut.cuts} (default 100).
 */
@PikaIntegrationTest
class ConnectionCutIT {

    static final int CUTS = Integer.getInteger("pika.reliability.cut.cuts", 100);
    static final long SELECT_MESSAGES = Long.getLong("pika.reliability.cut.selectMessages", 100_000);
    static final long BLOCKING_MESSAGES = Long.getLong("pika.reliability.cut.blockingMessages", 20_000);
    static final int BLOCKING_PUBLISHER_THREADS = 4;

    /** Bound per cut for a loaded 2-core machine; far above what a cut takes. */
    private static final Duration PER_CUT = Duration.ofSeconds(60);

    TestBroker broker;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void selectConnectionLosesNothingAcrossOneHundredCuts() throws Exception {
        String queue = declareQueue("cut-select");
        FaultRun run = new FaultRun(SELECT_MESSAGES);
        Set<String> threadsBefore = PikaThreads.live();
        long seed = System.nanoTime();
        FaultDriver.Result result;
        AtomicInteger connectionsCut = new AtomicInteger();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                IoLoop loop = new IoLoop()) {
            loop.startInBackground();
            ConnectionParameters params = through(proxy, "select");
            SelectPublisher publisher = new SelectPublisher(
                    loop,
                    params,
                    queue,
                    run.ledger,
                    run.ids,
                    run.failures,
                    run.clock,
                    SelectPublisher.BasicPropertiesChoice.NONE);
            SelectConsumer consumer = new SelectConsumer(loop, params, queue, run.ledger, run.clock);
            try {
                FaultDriver driver = run.driver(List.of(publisher, consumer), CUTS, seed);
                publisher.start();
                consumer.start();
                result = driver.run(countingCut(proxy, connectionsCut), PER_CUT);
                run.awaitEverythingConsumed(() -> readyMessages(queue));
            } finally {
                publisher.close();
                consumer.close();
            }
        }
        run.verifyAndReport("connection cut, SelectConnection", result, seed, true);
        PikaThreads.awaitNoneBut(threadsBefore, Waits.CLOSE_TIMEOUT);
        assertThat(result.faults()).isEqualTo(CUTS);
        assertThat(connectionsCut.get())
                .as("every cut hit the publisher's and the consumer's connections")
                .isGreaterThanOrEqualTo(2 * CUTS);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void blockingConnectionLosesNothingAcrossOneHundredCuts() throws Exception {
        String queue = declareQueue("cut-blocking");
        FaultRun run = new FaultRun(BLOCKING_MESSAGES);
        Set<String> threadsBefore = PikaThreads.live();
        long seed = System.nanoTime();
        FaultDriver.Result result;
        AtomicInteger connectionsCut = new AtomicInteger();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ConnectionParameters params = through(proxy, "blocking");
            BlockingPublisher publisher = new BlockingPublisher(
                    params, queue, run.ledger, run.ids, run.failures, run.clock, null, BLOCKING_PUBLISHER_THREADS);
            BlockingConsumer consumer = new BlockingConsumer(params, queue, run.ledger, run.clock);
            try {
                FaultDriver driver = run.driver(List.of(publisher, consumer), CUTS, seed);
                publisher.start();
                consumer.start();
                result = driver.run(countingCut(proxy, connectionsCut), PER_CUT);
                run.awaitEverythingConsumed(() -> readyMessages(queue));
            } finally {
                publisher.close();
                consumer.close();
            }
        }
        run.verifyAndReport("connection cut, BlockingConnection", result, seed, true);
        PikaThreads.awaitNoneBut(threadsBefore, Waits.CLOSE_TIMEOUT);
        assertThat(result.faults()).isEqualTo(CUTS);
        assertThat(connectionsCut.get())
                .as("every cut hit the publisher's and the consumer's connections")
                .isGreaterThanOrEqualTo(2 * CUTS);
    }

    private static FaultDriver.Fault countingCut(FaultProxy proxy, AtomicInteger connectionsCut) {
        FaultDriver.Fault cut = FaultDriver.cutAll(proxy);
        return random -> {
            connectionsCut.addAndGet(proxy.openConnections().size());
            return cut.inject(random);
        };
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
}
