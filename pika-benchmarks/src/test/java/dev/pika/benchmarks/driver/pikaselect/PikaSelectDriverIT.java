package dev.pika.benchmarks.driver.pikaselect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.RunCounters;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pika-select driver against the test broker, where PerfTest's command line cannot reach: returns of mandatory
 * messages, and closing a connection while its producer is still publishing.
 */
@PikaIntegrationTest
class PikaSelectDriverIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    TestBroker broker;

    @ParameterizedTest
    @EnumSource(PublisherMode.class)
    @RequiresRabbitMq("Qpid Broker-J nacks an unroutable mandatory publish instead of returning it and acking it")
    void unroutableMandatoryMessagesAreReturnedAndConfirmed(PublisherMode mode) {
        RunCounters counters = new RunCounters();
        try (PikaSelectDriver driver = new PikaSelectDriver(mode);
                DriverConnection connection = driver.connect(broker.uri(), broker.name("returns"))) {
            connection.runPublisher(PublishPlan.builder()
                    .routingKey(broker.name("nowhere"))
                    .mandatory(true)
                    .confirmWindow(50)
                    .messageLimit(500)
                    .counters(counters)
                    .build());
        }

        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(500);
        assertThat(counts.returned()).isEqualTo(500);
        assertThat(counts.confirmed()).isEqualTo(500);
    }

    @ParameterizedTest
    @EnumSource(PublisherMode.class)
    void everyMessageIsPublishedConfirmedAndConsumedAtAFixedRate(PublisherMode mode) throws Exception {
        String queue = broker.name("rate-" + mode);
        RunCounters counters = new RunCounters();
        CountDownLatch received = new CountDownLatch(1);
        long start;
        try (PikaSelectDriver driver = new PikaSelectDriver(mode);
                DriverConnection consumer = driver.connect(broker.uri(), broker.name("consumer"));
                DriverConnection producer = driver.connect(broker.uri(), broker.name("producer"))) {
            consumer.declareQueue(queue, true);
            ConsumerHandle subscription = consumer.startConsumer(ConsumePlan.builder()
                    .queue(queue)
                    .prefetch(50)
                    .multipleAckEvery(10)
                    .messageLimit(400, received::countDown)
                    .counters(counters)
                    .build());
            start = System.nanoTime();
            producer.runPublisher(PublishPlan.builder()
                    .routingKey(queue)
                    .bodySize(300)
                    .persistent(true)
                    .confirmWindow(5)
                    .messageLimit(400)
                    .ratePerSecond(1_000)
                    .counters(counters)
                    .build());
            assertThat(received.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            subscription.cancel();
            consumer.deleteQueue(queue);
        }

        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(400);
        assertThat(counts.confirmed()).isEqualTo(400);
        assertThat(counts.received()).isEqualTo(400);
        assertThat(counters.latency().total().count()).isEqualTo(400);
        // 400 messages at 1,000 msg/s: the last is due 0.399 s after the first.
        assertThat(System.nanoTime() - start).isGreaterThan(390_000_000L);
    }

    @ParameterizedTest
    @EnumSource(PublisherMode.class)
    void aStalledBrokerHoldsThePublisherBackAndEveryMessageArrivesOnceItReads(PublisherMode mode) throws Exception {
        String queue = broker.name("stall-" + mode);
        int messages = 40_000; // 40 MB of 1 KB bodies: far more than the ring, the write buffer and the sockets hold
        RunCounters counters = new RunCounters();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                PikaSelectDriver driver = new PikaSelectDriver(mode);
                DriverConnection setup = driver.connect(broker.uri(), broker.name("setup"))) {
            setup.declareQueue(queue, false);
            DriverConnection producer = driver.connect(proxiedUri(proxy), broker.name("producer"));
            CompletableFuture<Void> published =
                    CompletableFuture.runAsync(() -> producer.runPublisher(PublishPlan.builder()
                            .routingKey(queue)
                            .bodySize(1024)
                            .messageLimit(messages)
                            .counters(counters)
                            .build()));
            // The channel opens through the proxy: stall once publishing has begun.
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (counters.snapshot().sent() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            proxy.stall(Direction.TO_SERVER);

            long heldAt = awaitPublishingStops(counters, published);
            // Held back by the ring (4 MiB), the write buffer (4 MiB high watermark) and the kernel's socket buffers:
            // nowhere near the 40 MB it was asked to publish.
            assertThat(heldAt).isPositive().isLessThan(32L * 1024);
            System.out.printf(
                    "[pika-select %s] held back at %d of %d messages while the broker was stalled%n",
                    mode, heldAt, messages);

            proxy.resume(Direction.TO_SERVER);
            published.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            producer.close();
            assertThat(counters.snapshot().sent()).isEqualTo(messages);
            assertThat(awaitQueueDepth(setup, queue, messages)).isEqualTo(messages);
            setup.deleteQueue(queue);
        }
    }

    /** Waits (within the bound) until the sent count stays the same for a second while publishing is not done. */
    private static long awaitPublishingStops(RunCounters counters, CompletableFuture<Void> published)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        long previous = -1;
        while (System.nanoTime() < deadline) {
            assertThat(published)
                    .as("publishing cannot finish while the broker reads nothing")
                    .isNotDone();
            long now = counters.snapshot().sent();
            if (now == previous) {
                return now;
            }
            previous = now;
            Thread.sleep(1_000);
        }
        throw new AssertionError("the publisher never stopped while the broker was stalled: " + previous + " sent");
    }

    /** Waits (within the bound) until the broker reports {@code expected} messages in the queue. */
    private long awaitQueueDepth(DriverConnection connection, String queue, int expected) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        try (com.rabbitmq.client.Connection admin =
                broker.amqpClientConnectionFactory().newConnection(broker.name("depth"))) {
            com.rabbitmq.client.Channel channel = admin.createChannel();
            long depth = channel.queueDeclarePassive(queue).getMessageCount();
            while (depth < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
                depth = channel.queueDeclarePassive(queue).getMessageCount();
            }
            return depth;
        }
    }

    private String proxiedUri(FaultProxy proxy) {
        return "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":" + proxy.port() + "/"
                + URLEncoder.encode(broker.virtualHost(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(PublisherMode.class)
    void closingTheConnectionEndsAPublisherAndTheDriverLeavesNoLoopThread(PublisherMode mode) throws Exception {
        String queue = broker.name("close");
        RunCounters counters = new RunCounters();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> publisherDone = new CompletableFuture<>();
        try (PikaSelectDriver driver = new PikaSelectDriver(mode)) {
            try (DriverConnection setup = driver.connect(broker.uri(), broker.name("setup"))) {
                setup.declareQueue(queue, false);
            }
            DriverConnection producer = driver.connect(broker.uri(), broker.name("producer"));
            DriverConnection consumer = driver.connect(broker.uri(), broker.name("consumer"));
            CountDownLatch received = new CountDownLatch(1);
            ConsumerHandle subscription = consumer.startConsumer(ConsumePlan.builder()
                    .queue(queue)
                    .prefetch(100)
                    .autoAck(true)
                    .messageLimit(1_000, received::countDown)
                    .counters(counters)
                    .build());
            Thread thread = new Thread(() -> {
                try {
                    producer.runPublisher(PublishPlan.builder()
                            .routingKey(queue)
                            .stopRequested(stop::get)
                            .counters(counters)
                            .build());
                    publisherDone.complete(null);
                } catch (RuntimeException e) {
                    publisherDone.completeExceptionally(e);
                }
            });
            thread.start();
            assertThat(received.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(publisherDone).as("the publisher runs until stopped").isNotDone();

            stop.set(true);
            producer.close();
            publisherDone.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            thread.join(BOUND.toMillis());
            subscription.cancel();
            consumer.deleteQueue(queue);
            consumer.close();
        }

        assertThat(counters.snapshot().sent()).isGreaterThanOrEqualTo(1_000);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("pika-select-loop-") && thread.isAlive());
    }
}
