package dev.pika.benchmarks.driver.pikalistener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.benchmarks.stats.RunCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PikaListenerDriverTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(PikaListenerDriver.CONCURRENCY_PROPERTY);
    }

    @Test
    void concurrencyDefaultsToOneAndIsReadFromTheSystemProperty() {
        assertThat(PikaListenerDriver.configuredConcurrency()).isEqualTo(1);
        System.setProperty(PikaListenerDriver.CONCURRENCY_PROPERTY, " 4 ");
        assertThat(PikaListenerDriver.configuredConcurrency()).isEqualTo(4);
        try (PikaListenerDriver driver = new PikaListenerDriver()) {
            assertThat(driver.description()).contains("DefaultPikaListenerContainer", "concurrency 4", "pika-select");
        }
    }

    @Test
    void aConcurrencyBelowOneOrNotANumberIsRefusedNamingTheProperty() {
        for (String bad : new String[] {"0", "-2", "many"}) {
            System.setProperty(PikaListenerDriver.CONCURRENCY_PROPERTY, bad);
            assertThatThrownBy(PikaListenerDriver::configuredConcurrency)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-Dpika.benchmarks.listener.concurrency")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> new PikaListenerDriver(0)).hasMessageContaining("at least 1");
    }

    @Test
    void ackWorkersWithoutTheirThreadCountAreRefusedBeforeAnyConnectionIsOpened() {
        ConsumePlan plan = ConsumePlan.builder()
                .queue("q")
                .ackWorkers(Runnable::run)
                .counters(new RunCounters())
                .build();
        assertThatThrownBy(() -> ListenerConsumer.start("amqp://guest:guest@127.0.0.1:1/%2F", "c", plan, 1))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("--ack-threads N as the container's N workers")
                .hasMessageContaining("ackWorkerThreads");
    }

    @Test
    void theAckThreadCountIsKeptOnlyWithAckWorkers() {
        ConsumePlan withWorkers = ConsumePlan.builder()
                .queue("q")
                .ackWorkers(Runnable::run)
                .ackWorkerThreads(4)
                .counters(new RunCounters())
                .build();
        assertThat(withWorkers.acksFromWorkers()).isTrue();
        assertThat(withWorkers.ackWorkerThreads()).isEqualTo(4);
        ConsumePlan withoutWorkers = ConsumePlan.builder()
                .queue("q")
                .ackWorkerThreads(4)
                .counters(new RunCounters())
                .build();
        assertThat(withoutWorkers.ackWorkerThreads()).isZero();
        assertThatThrownBy(() -> ConsumePlan.builder().ackWorkerThreads(-1)).hasMessageContaining("ackWorkerThreads");
    }
}
