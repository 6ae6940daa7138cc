package dev.pika.benchmarks.driver.pikalistener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.benchmarks.stats.RunCounters;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pika-listener driver against the test broker, with small counts: a pre-filled queue is drained by the listener
 * container, every message is recorded once and acknowledged (the queue is empty after the container stopped), and
 * closing the connection ends the container's worker threads and the connection's I/O thread.
 */
@PikaIntegrationTest
class PikaListenerDriverIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    TestBroker broker;

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aPrefilledQueueIsDrainedAndEveryMessageAcked(int concurrency) throws Exception {
        drain(concurrency, 0);
    }

    /**
     * {@code --ack-threads 3}: the container runs 3 workers (the concurrency property says 1) and they ack; the
     * plan's ack executor is never used.
     */
    @org.junit.jupiter.api.Test
    void ackThreadsBecomeTheContainersWorkers() throws Exception {
        drain(1, 3);
    }

    private void drain(int concurrency, int ackThreads) throws Exception {
        int workers = ackThreads > 0 ? ackThreads : concurrency;
        java.util.concurrent.atomic.AtomicInteger executorUsed = new java.util.concurrent.atomic.AtomicInteger();
        String queue = broker.name("drain-" + workers);
        String consumerName = broker.name("consumer-" + workers);
        int messages = 2_000;
        RunCounters prefill = new RunCounters();
        RunCounters counters = new RunCounters();
        CountDownLatch received = new CountDownLatch(1);
        try (PikaListenerDriver driver = new PikaListenerDriver(concurrency);
                DriverConnection setup = driver.connect(broker.uri(), broker.name("setup"))) {
            assertThat(driver.name()).isEqualTo("pika-listener");
            setup.declareQueue(queue, false);
            setup.runPublisher(PublishPlan.builder()
                    .routingKey(queue)
                    .confirmWindow(500)
                    .timestamps(false)
                    .messageLimit(messages)
                    .counters(prefill)
                    .build());
            assertThat(prefill.snapshot().confirmed()).isEqualTo(messages);
            assertThat(queueDepth(queue)).isEqualTo(messages);

            DriverConnection consumer = driver.connect(broker.uri(), consumerName);
            ConsumePlan.Builder plan = ConsumePlan.builder()
                    .queue(queue)
                    .prefetch(100)
                    .messageLimit(messages, received::countDown)
                    .counters(counters);
            if (ackThreads > 0) {
                plan.ackWorkers(task -> executorUsed.incrementAndGet()).ackWorkerThreads(ackThreads);
            } else {
                plan.multipleAckEvery(10);
            }
            ConsumerHandle subscription = consumer.startConsumer(plan.build());
            assertThat(received.await(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .as("all %d messages delivered to the listener", messages)
                    .isTrue();
            assertThat(workerThreads(consumerName)).isNotEmpty().hasSizeLessThanOrEqualTo(workers);
            subscription.cancel(); // stops the container: acks of finished deliveries are sent first
            consumer.close();

            assertThat(counters.snapshot().received()).isEqualTo(messages);
            assertThat(executorUsed).as("the plan's ack executor is not used").hasValue(0);
            assertThat(queueDepth(queue)).as("every message was acked").isZero();
            setup.deleteQueue(queue);
        }
        assertThat(workerThreads(consumerName))
                .as("the container's workers are gone")
                .isEmpty();
    }

    private static java.util.List<String> workerThreads(String listenerId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("pika-listener-" + listenerId))
                .toList();
    }

    private long queueDepth(String queue) throws Exception {
        try (com.rabbitmq.client.Connection admin =
                broker.amqpClientConnectionFactory().newConnection(broker.name("depth"))) {
            return admin.createChannel().queueDeclarePassive(queue).getMessageCount();
        }
    }
}
