package dev.pika.benchmarks.testing;

import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.driver.PublishPlan;

/**
 * {@code fake-failing}: connects and declares, but its publisher fails after its first message, as a client whose
 * connection drops would.
 *
 * <p>Thread-safe.
 */
public final class FailingDriver implements ClientDriver {

    /** Creates the driver (found by ServiceLoader). */
    public FailingDriver() {}

    @Override
    public String name() {
        return "fake-failing";
    }

    @Override
    public String description() {
        return "publisher fails (tests only)";
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        return new DriverConnection() {
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
                if (plan.awaitNextPublish()) {
                    plan.nextBody();
                    plan.afterPublish();
                }
                throw new DriverException("connection reset by peer (simulated)");
            }

            @Override
            public ConsumerHandle startConsumer(ConsumePlan plan) {
                return () -> {};
            }

            @Override
            public void close() {}
        };
    }
}
