package dev.pika.benchmarks.testing;

import dev.pika.benchmarks.driver.Acker;
import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.PublishPlan;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code fake}: a driver whose "broker" is {@link FakeBroker}, in the same JVM. Publishes are confirmed at once,
 * each consumer is a thread polling its queue, acks are counted.
 *
 * <p>Thread-safe.
 */
public final class FakeDriver implements ClientDriver {

    /** Acks received by every fake consumer of the process. */
    public static final AtomicLong ACKS = new AtomicLong();

    /** Acks with {@code multiple} received by every fake consumer of the process. */
    public static final AtomicLong MULTIPLE_ACKS = new AtomicLong();

    /** Creates the driver (found by ServiceLoader). */
    public FakeDriver() {}

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "in-memory fake broker (tests only)";
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        return new FakeConnection();
    }

    /** Whether a queue exists in this JVM's fake broker. */
    public static boolean queueExists(String queue) {
        return FakeBroker.INSTANCE.exists(queue);
    }

    private static final class FakeConnection implements DriverConnection {

        private final List<Thread> consumers = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        @Override
        public String serverDescription() {
            return "FakeBroker 1.0";
        }

        @Override
        public void declareQueue(String queue, boolean durable) {
            FakeBroker.INSTANCE.declare(queue);
        }

        @Override
        public void deleteQueue(String queue) {
            FakeBroker.INSTANCE.delete(queue);
        }

        @Override
        public void runPublisher(PublishPlan plan) {
            long sequence = 1;
            while (!closed && plan.awaitNextPublish()) {
                byte[] body = plan.nextBody();
                plan.beforePublish(sequence);
                boolean routed;
                try {
                    routed = FakeBroker.INSTANCE.publish(plan.routingKey(), body, () -> closed || plan.isFinished());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                plan.afterPublish();
                if (!routed && plan.mandatory()) {
                    plan.onReturn();
                }
                plan.onConfirm(sequence, false, true);
                sequence++;
            }
            plan.awaitSettled();
        }

        @Override
        public ConsumerHandle startConsumer(ConsumePlan plan) {
            Acker acker = (tag, multiple) -> {
                ACKS.incrementAndGet();
                if (multiple) {
                    MULTIPLE_ACKS.incrementAndGet();
                }
            };
            Thread thread = new Thread(
                    () -> {
                        long tag = 1;
                        try {
                            while (!closed && !Thread.currentThread().isInterrupted()) {
                                byte[] body = FakeBroker.INSTANCE.poll(plan.queue(), 5);
                                if (body != null) {
                                    plan.delivered(body, tag++, acker);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "fake-consumer");
            thread.setDaemon(true);
            thread.start();
            consumers.add(thread);
            return thread::interrupt;
        }

        @Override
        public void close() {
            closed = true;
            for (Thread consumer : consumers) {
                consumer.interrupt();
                try {
                    consumer.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
