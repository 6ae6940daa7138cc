package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How the {@link SettlementQueue} schedules drains: one per batch, deferred while more deliveries wait
 * for the workers (up to the defer limit), at once for the last settlement of a burst.
 */
class SettlementQueueTest {

    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Long> applied = new ArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicBoolean moreQueued = new AtomicBoolean();

    private SettlementQueue queue(int deferLimit) {
        return new SettlementQueue(
                scheduled::add,
                ack -> applied.add(ack.deliveryTag()),
                batches::incrementAndGet,
                moreQueued::get,
                deferLimit);
    }

    private static DeliveryAcknowledgement settled(SettlementQueue queue, long tag) {
        DeliveryAcknowledgement ack =
                new DeliveryAcknowledgement(new ConsumerSession(1, 4, () -> {}), tag, queue, false);
        ack.ack();
        return ack;
    }

    @Test
    void withNothingMoreQueuedTheFirstSettlementSchedulesOneDrainForTheBatch() {
        SettlementQueue queue = queue(4);
        settled(queue, 1);
        settled(queue, 2);
        assertThat(scheduled).as("one drain for both").hasSize(1);
        scheduled.remove(0).run();
        assertThat(applied).containsExactlyInAnyOrder(1L, 2L);
        assertThat(batches).hasValue(1);
    }

    @Test
    void whileMoreDeliveriesWaitSettlementsWaitUpToTheDeferLimit() {
        SettlementQueue queue = queue(3);
        moreQueued.set(true);
        settled(queue, 1);
        settled(queue, 2);
        assertThat(scheduled)
                .as("deferred: more deliveries wait for the worker")
                .isEmpty();
        settled(queue, 3);
        assertThat(scheduled).as("the third reaches the defer limit").hasSize(1);
        scheduled.remove(0).run();
        assertThat(applied).containsExactlyInAnyOrder(1L, 2L, 3L);

        settled(queue, 4);
        assertThat(scheduled).as("the count starts again after a drain").isEmpty();
    }

    @Test
    void theLastSettlementOfABurstSchedulesTheDrainForTheDeferredOnes() {
        SettlementQueue queue = queue(64);
        moreQueued.set(true);
        settled(queue, 1);
        settled(queue, 2);
        assertThat(scheduled).isEmpty();
        moreQueued.set(false);
        settled(queue, 3);
        assertThat(scheduled).hasSize(1);
        scheduled.remove(0).run();
        assertThat(applied).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void aDrainRunDirectlyTakesTheDeferredSettlements() {
        SettlementQueue queue = queue(64);
        moreQueued.set(true);
        settled(queue, 1);
        settled(queue, 2);
        queue.drain(); // the container's sweep, on the I/O thread
        assertThat(applied).containsExactlyInAnyOrder(1L, 2L);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void aDeferLimitOfOneSchedulesAtOnceEvenWhileMoreWait() {
        SettlementQueue queue = queue(1);
        moreQueued.set(true);
        settled(queue, 1);
        assertThat(scheduled).hasSize(1);
    }

    /**
     * Four threads settle 50,000 deliveries each while a loop thread runs the scheduled drains and, now and
     * then, a sweep: every settlement is applied exactly once and the last ones are not left behind.
     */
    @Test
    void concurrentSettlementsAreEachAppliedOnce() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        ConcurrentLinkedQueue<Runnable> loop = new ConcurrentLinkedQueue<>();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicBoolean burst = new AtomicBoolean(true);
        SettlementQueue queue = new SettlementQueue(
                loop::add,
                ack -> {
                    if (!seen.add(ack.deliveryTag())) {
                        duplicates.incrementAndGet();
                    }
                },
                () -> {},
                burst::get,
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
        burst.set(false);
        Runnable task;
        while ((task = loop.poll()) != null) {
            task.run();
        }
        queue.drain(); // the sweep after the burst
        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(threads * perThread);
    }
}
