package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingWorkerPoolTest {

    private static final String PREFIX = "pika-listener-ring-test-";

    private static RingWorkerPool pool(int concurrency, int capacity) {
        return new RingWorkerPool(WorkerPool.platformThreads(PREFIX), concurrency, capacity);
    }

    /**
     * No lost wake-up: a producer submits many small tasks into a small ring (so workers keep running
     * empty and parking), retrying when it is full; every task runs, in order with one thread, within
     * a bound.
     */
    @ParameterizedTest(name = "concurrency {0}, capacity {1} (0: unbounded)")
    @CsvSource({"1, 8", "2, 8", "4, 8", "1, 0", "2, 0", "4, 0"})
    void everyTaskRunsUnderStressWithoutALostWakeUp(int concurrency, int capacity) throws Exception {
        int tasks = 200_000;
        RingWorkerPool pool = pool(concurrency, capacity);
        PoolStressTasks stress = new PoolStressTasks(tasks, concurrency == 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < tasks; i++) {
            Runnable task = stress.task(i);
            while (!pool.submit(task)) {
                assertThat(System.nanoTime() - deadline)
                        .as("stuck submitting task %d", i)
                        .isNegative();
                if (i % 64 == 0) {
                    Thread.yield(); // now and then give a descheduled worker the core
                }
                Thread.onSpinWait();
            }
            if (i % 1000 == 0) {
                // let the workers drain and park, so that the next submits must wake them
                while (pool.queuedCount() > 0 && System.nanoTime() - deadline < 0) {
                    Thread.yield();
                }
            }
        }
        stress.assertAllRanInOrder();
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void anIdleWorkerIsWokenRatherThanANewThreadStarted() throws Exception {
        RingWorkerPool pool = pool(4, 10);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            CountDownLatch done = new CountDownLatch(1);
            assertThat(pool.submit(() -> {
                        threads.add(Thread.currentThread().getName());
                        done.countDown();
                    }))
                    .isTrue();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            awaitParked(pool);
        }
        assertThat(threads).containsExactly(PREFIX + "1");
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void shutdownRunsTheQueuedTasksThenEndsTheThreads() throws Exception {
        RingWorkerPool pool = pool(1, 10);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        pool.submit(() -> awaitQuietly(release));
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(pool.submit(() -> ran.add(n))).isTrue();
        }
        pool.shutdown();
        assertThat(pool.submit(() -> ran.add(99))).as("refused after shutdown").isFalse();
        assertThat(pool.awaitTermination(Duration.ofMillis(50)))
                .as("a task still runs")
                .isFalse();
        release.countDown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(ran).containsExactly(0, 1, 2, 3, 4);
        assertThat(liveThreads()).isEmpty();
    }

    @Test
    void shutdownNowInterruptsTheRunningTaskAndDropsTheQueuedOnes() throws Exception {
        RingWorkerPool pool = pool(1, 10);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        pool.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            int n = i;
            pool.submit(() -> ran.add(n));
        }
        pool.shutdownNow();
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(ran).isEmpty();
        assertThat(pool.queuedCount()).isZero();
    }

    @Test
    void aFailingTaskDoesNotEndItsWorker() throws Exception {
        RingWorkerPool pool = pool(1, 10);
        CountDownLatch after = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        pool.submit(() -> {
            threads.add(Thread.currentThread().getName());
            throw new IllegalStateException("listener bug");
        });
        pool.submit(() -> {
            threads.add(Thread.currentThread().getName());
            after.countDown();
        });
        assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).hasSize(1);
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }

    private static void awaitParked(RingWorkerPool pool) throws InterruptedException {
        PoolStressTasks.awaitParked(pool, PREFIX);
    }

    private static List<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(PREFIX))
                .toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
