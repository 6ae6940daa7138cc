package dev.pika.benchmarks.driver.pikablocking;

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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pika-blocking driver against the test broker, with small counts: every message published is confirmed,
 * consumed and acknowledged (the queue is empty once the consumer's connection closed, so no ack was lost), whichever
 * way the acks travel; returns, pipelined-confirm pre-fills and closing a connection under a running producer.
 */
@PikaIntegrationTest
class PikaBlockingDriverIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    TestBroker broker;

    @Test
    @RequiresRabbitMq("Qpid Broker-J nacks an unroutable mandatory publish instead of returning it and acking it")
    void unroutableMandatoryMessagesAreReturnedAndConfirmedOneByOne() {
        RunCounters counters = new RunCounters();
        try (PikaBlockingDriver driver = new PikaBlockingDriver(WorkerAckMode.CALLBACK);
                DriverConnection connection = driver.connect(broker.uri(), broker.name("returns"))) {
            assertThat(connection.serverDescription()).isEqualTo(broker.productAndVersion());
            connection.runPublisher(PublishPlan.builder()
                    .routingKey(broker.name("nowhere"))
                    .mandatory(true)
                    .confirmWindow(50)
                    .messageLimit(300)
                    .counters(counters)
                    .build());
        }

        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(300);
        assertThat(counts.returned()).isEqualTo(300);
        assertThat(counts.confirmed()).isEqualTo(300);
        assertThat(counts.nacked()).isZero();
    }

    @Test
    void everyMessageIsPublishedConfirmedConsumedAndAckedAtAFixedRate() throws Exception {
        String queue = broker.name("rate");
        RunCounters counters = new RunCounters();
        CountDownLatch received = new CountDownLatch(1);
        long start;
        try (PikaBlockingDriver driver = new PikaBlockingDriver(WorkerAckMode.CALLBACK);
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
            consumer.close();
            assertThat(queueDepth(queue)).as("every message was acked").isZero();
            producer.deleteQueue(queue);
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
    @EnumSource(WorkerAckMode.class)
    void aPrefilledQueueIsDrainedWithAcksFromFourWorkerThreads(WorkerAckMode mode) throws Exception {
        String queue = broker.name("workers-" + mode);
        int messages = 3_000;
        RunCounters prefill = new RunCounters();
        RunCounters counters = new RunCounters();
        CountDownLatch received = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try (PikaBlockingDriver driver = new PikaBlockingDriver(mode);
                DriverConnection setup = driver.connect(broker.uri(), broker.name("setup"))) {
            setup.declareQueue(queue, false);
            setup.runPublisher(PublishPlan.builder()
                    .routingKey(queue)
                    .confirmWindow(1_000)
                    .prefill(true)
                    .timestamps(false)
                    .messageLimit(messages)
                    .counters(prefill)
                    .build());
            assertThat(prefill.snapshot().confirmed()).isEqualTo(messages);
            assertThat(queueDepth(queue))
                    .as("a confirmed pre-fill is in the queue")
                    .isEqualTo(messages);

            DriverConnection consumer = driver.connect(broker.uri(), broker.name("consumer"));
            ConsumerHandle subscription = consumer.startConsumer(ConsumePlan.builder()
                    .queue(queue)
                    .prefetch(1_000)
                    .ackWorkers(workers)
                    .messageLimit(messages, received::countDown)
                    .counters(counters)
                    .build());
            assertThat(received.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // Every ack is handed over before the consumer is stopped: none may be lost on the way.
            workers.shutdown();
            assertThat(workers.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            subscription.cancel();
            consumer.close();

            assertThat(counters.snapshot().received()).isEqualTo(messages);
            assertThat(queueDepth(queue)).as("every message was acked").isZero();
            setup.deleteQueue(queue);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void closingTheConnectionsEndsAPublisherAndAConsumerAndLeavesNoThreadBehind() throws Exception {
        String queue = broker.name("close");
        RunCounters counters = new RunCounters();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> publisherDone = new CompletableFuture<>();
        try (PikaBlockingDriver driver = new PikaBlockingDriver(WorkerAckMode.CALLBACK)) {
            try (DriverConnection setup = driver.connect(broker.uri(), broker.name("setup"))) {
                setup.declareQueue(queue, false);
            }
            DriverConnection producer = driver.connect(broker.uri(), broker.name("producer"));
            DriverConnection consumer = driver.connect(broker.uri(), broker.name("consumer"));
            CountDownLatch received = new CountDownLatch(1);
            consumer.startConsumer(ConsumePlan.builder()
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
                            .mandatory(true)
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
            consumer.close(); // stops the consumer's startConsuming first
            try (DriverConnection cleanup = driver.connect(broker.uri(), broker.name("cleanup"))) {
                cleanup.deleteQueue(queue);
            }
        }

        assertThat(counters.snapshot().sent()).isGreaterThanOrEqualTo(1_000);
        assertThat(counters.snapshot().returned())
                .as("routed: nothing comes back")
                .isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.isAlive()
                        && (thread.getName().startsWith("pika-blocking-io-")
                                || thread.getName().startsWith("pika-blocking-consumer-")));
    }

    private long queueDepth(String queue) throws Exception {
        try (com.rabbitmq.client.Connection admin =
                broker.amqpClientConnectionFactory().newConnection(broker.name("depth"))) {
            return admin.createChannel().queueDeclarePassive(queue).getMessageCount();
        }
    }
}
