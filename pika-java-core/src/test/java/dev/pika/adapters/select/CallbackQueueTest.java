package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CallbackQueueTest {

    @Test
    void drainStopsAtTheSnapshotSoThatLaterCallbacksWaitATurn() {
        CallbackQueue queue = new CallbackQueue();
        List<Integer> ran = new ArrayList<>();
        queue.offer(() -> ran.add(1));
        queue.offer(() -> ran.add(2));
        CallbackQueue.Node limit = queue.snapshot();
        queue.offer(() -> ran.add(3));

        Runnable task;
        while ((task = queue.pollUpTo(limit)) != null) {
            task.run();
        }
        assertThat(ran).containsExactly(1, 2);
        assertThat(queue.isEmpty()).isFalse();

        queue.pollUpTo(queue.snapshot()).run();
        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.pollUpTo(queue.snapshot())).isNull();
    }

    @Test
    void concurrentProducersKeepTheirOwnOrderAndLoseNothing() throws Exception {
        CallbackQueue queue = new CallbackQueue();
        int producers = 4;
        int perProducer = 50_000;
        int[] lastSeen = new int[producers];
        java.util.Arrays.fill(lastSeen, -1);
        List<String> violations = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    int sequence = i;
                    queue.offer(() -> {
                        if (lastSeen[producer] != sequence - 1) {
                            violations.add(producer + ":" + sequence + " after " + lastSeen[producer]);
                        }
                        lastSeen[producer] = sequence;
                    });
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        int consumed = 0;
        long deadline = System.nanoTime() + Loops.TIMEOUT.toNanos();
        while (consumed < producers * perProducer && System.nanoTime() < deadline) {
            Runnable task = queue.pollUpTo(queue.snapshot());
            if (task == null) {
                Thread.onSpinWait();
                continue;
            }
            task.run();
            consumed++;
        }
        for (Thread thread : threads) {
            Loops.join(thread);
        }

        assertThat(consumed).isEqualTo(producers * perProducer);
        assertThat(violations).isEmpty();
        assertThat(lastSeen).containsOnly(perProducer - 1);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void clearHandsEveryQueuedTaskOverInOrderWithoutRunningIt() {
        CallbackQueue queue = new CallbackQueue();
        List<Integer> ran = new ArrayList<>();
        List<Runnable> dropped = new ArrayList<>();
        Runnable first = () -> ran.add(1);
        Runnable second = () -> ran.add(2);
        queue.offer(first);
        queue.offer(second);

        assertThat(queue.clear(dropped::add)).isEqualTo(2);

        assertThat(dropped).containsExactly(first, second);
        assertThat(ran).isEmpty();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.clear(dropped::add)).isZero();
    }

    @Test
    void clearWhileProducersAppendLosesNoTaskAppendedBeforeIt() throws Exception {
        CallbackQueue queue = new CallbackQueue();
        int producers = 4;
        int perProducer = 20_000;
        java.util.concurrent.atomic.AtomicInteger offered = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(() -> {});
                    offered.incrementAndGet();
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        int handedOver = 0;
        while (offered.get() < producers * perProducer / 2) {
            // Every task counted as offered before a clear began is handed over by that clear (or an earlier one).
            int before = offered.get();
            handedOver += queue.clear(task -> {});
            assertThat(handedOver).isGreaterThanOrEqualTo(before);
        }
        for (Thread thread : threads) {
            Loops.join(thread);
        }
        handedOver += queue.clear(task -> {});
        assertThat(handedOver).isEqualTo(producers * perProducer);
        assertThat(queue.isEmpty()).isTrue();
    }
}
