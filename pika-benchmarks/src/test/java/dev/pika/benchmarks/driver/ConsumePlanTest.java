package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.stats.RunCounters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConsumePlanTest {

    private final RunCounters counters = new RunCounters();
    private final List<String> acks = Collections.synchronizedList(new ArrayList<>());
    private final Acker acker = (tag, multiple) ->
            acks.add(tag + (multiple ? "+" : "") + "@" + Thread.currentThread().getName());

    @Test
    void acksEachMessageByDefault() {
        ConsumePlan plan = ConsumePlan.builder().queue("q").counters(counters).build();

        for (long tag = 1; tag <= 3; tag++) {
            plan.delivered(MessageBodies.create(12, System.nanoTime(), 0), tag, acker);
        }

        String thread = Thread.currentThread().getName();
        assertThat(acks).containsExactly("1@" + thread, "2@" + thread, "3@" + thread);
        assertThat(counters.snapshot().received()).isEqualTo(3);
        assertThat(counters.latency().total().count()).isEqualTo(3);
    }

    @Test
    void acksMultipleEveryN() {
        ConsumePlan plan = ConsumePlan.builder()
                .queue("q")
                .prefetch(10)
                .multipleAckEvery(4)
                .counters(counters)
                .build();

        for (long tag = 1; tag <= 10; tag++) {
            plan.delivered(MessageBodies.create(12, 0, 0), tag, acker);
        }

        String thread = Thread.currentThread().getName();
        assertThat(acks).containsExactly("4+@" + thread, "8+@" + thread);
        assertThat(counters.latency().total().count())
                .as("no timestamp, no latency")
                .isZero();
    }

    @Test
    void autoAckNeverAcks() {
        ConsumePlan plan = ConsumePlan.builder()
                .queue("q")
                .autoAck(true)
                .counters(counters)
                .build();

        plan.delivered(MessageBodies.create(12, 0, 0), 1, acker);

        assertThat(acks).isEmpty();
        assertThat(plan.received()).isEqualTo(1);
    }

    @Test
    void workersRecordAndAckOnTheirOwnThreads() throws InterruptedException {
        AtomicInteger ids = new AtomicInteger();
        ExecutorService workers =
                Executors.newFixedThreadPool(4, r -> new Thread(r, "worker-" + ids.getAndIncrement()));
        try {
            ConsumePlan plan = ConsumePlan.builder()
                    .queue("q")
                    .ackWorkers(workers)
                    .counters(counters)
                    .build();
            for (long tag = 1; tag <= 100; tag++) {
                plan.delivered(MessageBodies.create(12, System.nanoTime(), 0), tag, acker);
            }
        } finally {
            workers.shutdown();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(acks).hasSize(100).allMatch(ack -> ack.contains("@worker-") && !ack.contains("+"));
        assertThat(counters.snapshot().received()).isEqualTo(100);
    }

    @Test
    void theLimitFiresOnce() {
        AtomicInteger fired = new AtomicInteger();
        ConsumePlan plan = ConsumePlan.builder()
                .queue("q")
                .messageLimit(2, fired::incrementAndGet)
                .counters(counters)
                .build();

        for (long tag = 1; tag <= 5; tag++) {
            plan.delivered(MessageBodies.create(12, 0, 0), tag, acker);
        }

        assertThat(fired).hasValue(1);
    }

    @Test
    void aFailedAckIsReported() {
        AtomicReference<Throwable> reported = new AtomicReference<>();
        ConsumePlan plan = ConsumePlan.builder()
                .queue("q")
                .failureHandler(reported::set)
                .counters(counters)
                .build();

        plan.delivered(MessageBodies.create(12, 0, 0), 1, (tag, multiple) -> {
            throw new DriverException("channel closed");
        });

        assertThat(reported.get()).hasMessage("channel closed");
    }

    @Test
    void policiesThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> ConsumePlan.builder()
                        .queue("q")
                        .autoAck(true)
                        .multipleAckEvery(5)
                        .counters(counters)
                        .build())
                .hasMessageContaining("with autoAck there is nothing to ack");
        assertThatThrownBy(() -> ConsumePlan.builder()
                        .queue("q")
                        .multipleAckEvery(5)
                        .ackWorkers(Runnable::run)
                        .counters(counters)
                        .build())
                .hasMessageContaining("acks from worker threads are one per message");
        assertThatThrownBy(() -> ConsumePlan.builder().prefetch(70_000)).hasMessageContaining("65535");
    }
}
