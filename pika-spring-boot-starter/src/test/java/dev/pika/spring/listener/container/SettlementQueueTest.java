package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How the {@link SettlementQueue} schedules drains: one for every {@code deferLimit} settlements (none
 * while one is scheduled); fewer wait for a direct drain (the container's sweep).
 */
class SettlementQueueTest {

    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Long> applied = new ArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();

    private SettlementQueue queue(int deferLimit) {
        return new SettlementQueue(
                scheduled::add, ack -> applied.add(ack.deliveryTag()), batches::incrementAndGet, deferLimit);
    }

    private static DeliveryAcknowledgement settled(SettlementQueue queue, long tag) {
        DeliveryAcknowledgement ack =
                new DeliveryAcknowledgement(new ConsumerSession(1, 4, () -> {}), tag, queue, false);
        ack.ack();
        return ack;
    }

    @Test
    void settlementsBelowTheDeferLimitWaitAndTheOneThatReachesItSchedulesADrainForAll() {
        SettlementQueue queue = queue(3);
        settled(queue, 1);
        settled(queue, 2);
        assertThat(scheduled)
                .as("below the defer limit: no loop task, no wake-up")
                .isEmpty();
        settled(queue, 3);
        assertThat(scheduled).as("the third reaches the defer limit").hasSize(1);
        settled(queue, 4);
        assertThat(scheduled).as("one drain scheduled at a time").hasSize(1);
        scheduled.remove(0).run();
        assertThat(applied).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(batches).as("one flush for the batch").hasValue(1);

        settled(queue, 5);
        settled(queue, 6);
        assertThat(scheduled).as("the count starts again after a drain").isEmpty();
    }

    @Test
    void aDirectDrainTakesTheWaitingSettlements() {
        SettlementQueue queue = queue(64);
        settled(queue, 1);
        settled(queue, 2);
        assertThat(scheduled).isEmpty();
        queue.drain(); // the container's sweep, on the I/O thread
        assertThat(applied).containsExactlyInAnyOrder(1L, 2L);
        assertThat(batches).hasValue(1);
    }

    @Test
    void aDeferLimitOfOneSchedulesADrainForEverySettlement() {
        SettlementQueue queue = queue(1);
        settled(queue, 1);
        assertThat(scheduled).hasSize(1);
        scheduled.remove(0).run();
        settled(queue, 2);
        assertThat(scheduled).hasSize(1);
        scheduled.remove(0).run();
        assertThat(applied).containsExactly(1L, 2L);
    }

    @Test
    void aLoopThatIsGoneDropsTheSettlementsInsteadOfKeepingThem() {
        SettlementQueue queue = new SettlementQueue(
                task -> {
                    throw new IllegalStateException("the IoLoop is closed");
                },
                ack -> applied.add(ack.deliveryTag()),
                batches::incrementAndGet,
                1);
        settled(queue, 1);
        queue.drain();
        assertThat(applied)
                .as("dropped: the broker requeues unacknowledged deliveries")
                .isEmpty();
    }

    /**
     * Four threads settle 50,000 deliveries each while a loop thread runs the scheduled drains and, now and
     * then, a sweep: every settlement is applied exactly once, the last ones by the final sweep.
     */
    @Test
    void concurrentSettlementsAreEachAppliedOnce() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        ConcurrentLinkedQueue<Runnable> loop = new ConcurrentLinkedQueue<>();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        SettlementQueue queue = new SettlementQueue(
                loop::add,
                ack -> {
                    if (!seen.add(ack.deliveryTag())) {
                        duplicates.incrementAndGet();
                    }
                },
                () -> {},
                16);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long base = (long) t * perThread;
            Thread settler = new Thread(() -> {
                for (int i = 1; i <= perThread; i++) {
                    settled(queue, base + i);
                }
                done.countDown();
            });
            settler.start();
        }
        long sweeps = 0;
        while (done.getCount() > 0) {
            Runnable task = loop.poll();
            if (task != null) {
                task.run();
            } else if (++sweeps % 100 == 0) {
                queue.drain();
            }
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        Runnable task;
        while ((task = loop.poll()) != null) {
            task.run();
        }
        queue.drain(); // the sweep after the burst
        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(threads * perThread);
    }
}
