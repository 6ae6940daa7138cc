package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.io.DiscardableCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched wake-ups of a {@link RingWorkerPool} created with an end-of-batch executor: tasks queued
 * while the workers are parked wake them once, when the executor runs the wake-up (the I/O loop after
 * its turn) or when a batch's worth of tasks waits; a dropped or refused wake-up wakes them at once.
 */
class RingWorkerPoolBatchedWakeUpTest {

    private static final String PREFIX = "pika-listener-batched-test-";

    /** Stands in for the I/O loop: keeps the callbacks until the test runs them, as a loop does after a turn. */
    private static final class TurnEnd implements Executor {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            List<Runnable> due = new ArrayList<>(queued);
            queued.clear();
            due.forEach(Runnable::run);
        }
    }

    @Test
    void tasksQueuedForAParkedWorkerWaitForTheEndOfTheBatchAndCostOneWakeUp() throws Exception {
        TurnEnd turnEnd = new TurnEnd();
        RingWorkerPool pool = new RingWorkerPool(WorkerPool.platformThreads(PREFIX), 1, 40, turnEnd);
        assertThat(pool.wakeBatch()).isEqualTo(10);
        startAndPark(pool, turnEnd);

        CountDownLatch ran = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            assertThat(pool.submit(ran::countDown)).isTrue();
        }
        assertThat(turnEnd.queued).as("one wake-up queued for the three tasks").hasSize(1);
        assertThat(pool.queuedCount())
                .as("the parked worker was not woken by submit")
                .isEqualTo(3);

        turnEnd.runAll();
        assertThat(ran.await(30, TimeUnit.SECONDS))
                .as("the end of the batch woke the worker")
                .isTrue();
        shutdown(pool);
    }

    @Test
    void aFullBatchWakesAParkedWorkerWithoutWaitingForTheEndOfTheBatch() throws Exception {
        TurnEnd turnEnd = new TurnEnd();
        RingWorkerPool pool = new RingWorkerPool(WorkerPool.platformThreads(PREFIX), 1, 40, turnEnd);
        startAndPark(pool, turnEnd);

        CountDownLatch ran = new CountDownLatch(pool.wakeBatch());
        for (int i = 0; i < pool.wakeBatch(); i++) {
            assertThat(pool.submit(ran::countDown)).isTrue();
        }
        assertThat(ran.await(30, TimeUnit.SECONDS))
                .as("woken by the %dth task, the end-of-batch callback never ran", pool.wakeBatch())
                .isTrue();
        shutdown(pool);
    }

    @Test
    void aWakeUpTheLoopDropsStillWakesTheWorkers() throws Exception {
        TurnEnd turnEnd = new TurnEnd();
        RingWorkerPool pool = new RingWorkerPool(WorkerPool.platformThreads(PREFIX), 2, 40, turnEnd);
        startAndPark(pool, turnEnd);

        CountDownLatch ran = new CountDownLatch(2);
        pool.submit(ran::countDown);
        pool.submit(ran::countDown);
        assertThat(turnEnd.queued).hasSize(1).allMatch(callback -> callback instanceof DiscardableCallback);
        ((DiscardableCallback) turnEnd.queued.remove(0)).discarded(); // the loop closed before its turn ended

        assertThat(ran.await(30, TimeUnit.SECONDS))
                .as("the dropped wake-up woke the worker")
                .isTrue();
        CountDownLatch later = new CountDownLatch(1);
        awaitParked(pool);
        pool.submit(later::countDown);
        assertThat(turnEnd.queued)
                .as("a new wake-up is queued after the dropped one")
                .hasSize(1);
        turnEnd.runAll();
        assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
        shutdown(pool);
    }

    @Test
    void anEndOfBatchExecutorThatRefusesMakesSubmitWakeAtOnce() throws Exception {
        Executor closed = task -> {
            throw new IllegalStateException("the IoLoop is closed");
        };
        RingWorkerPool pool = new RingWorkerPool(WorkerPool.platformThreads(PREFIX), 1, 40, closed);
        CountDownLatch first = new CountDownLatch(1);
        pool.submit(first::countDown);
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        awaitParked(pool);

        CountDownLatch ran = new CountDownLatch(1);
        assertThat(pool.submit(ran::countDown)).isTrue();
        assertThat(ran.await(30, TimeUnit.SECONDS)).as("woken by submit itself").isTrue();
        shutdown(pool);
    }

    /**
     * No lost wake-up with batching: the test thread plays the I/O loop, submitting bursts of random length
     * (a read's deliveries) and running the end-of-batch callbacks after each burst, or when the ring is full;
     * every task runs, in order with one worker, within a bound.
     */
    @ParameterizedTest(name = "concurrency {0}, capacity {1} (0: unbounded)")
    @CsvSource({"1, 64", "2, 64", "4, 64", "1, 0", "2, 0", "4, 0"})
    void everyTaskRunsWhenTheLoopWakesTheWorkersOncePerBurst(int concurrency, int capacity) throws Exception {
        int tasks = 200_000;
        TurnEnd turnEnd = new TurnEnd();
        RingWorkerPool pool = new RingWorkerPool(WorkerPool.platformThreads(PREFIX), concurrency, capacity, turnEnd);
        PoolStressTasks stress = new PoolStressTasks(tasks, concurrency == 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int submitted = 0;
        while (submitted < tasks) {
            int burst = Math.min(tasks - submitted, ThreadLocalRandom.current().nextInt(1, 100));
            for (int b = 0; b < burst; b++) {
                long n = submitted;
                Runnable task = stress.task(n);
                while (!pool.submit(task)) {
                    assertThat(System.nanoTime() - deadline)
                            .as("stuck submitting task %d", n)
                            .isNegative();
                    turnEnd.runAll(); // the ring is full: the turn ends before the rest of the read is handed over
                    Thread.yield();
                }
                submitted++;
            }
            turnEnd.runAll();
        }
        stress.assertAllRanInOrder();
        shutdown(pool);
    }

    /** Starts the pool's first worker (no worker is parked, so submit starts one) and waits until it parks. */
    private static void startAndPark(RingWorkerPool pool, TurnEnd turnEnd) throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        assertThat(pool.submit(first::countDown)).isTrue();
        assertThat(turnEnd.queued).as("starting a worker needs no wake-up").isEmpty();
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        awaitParked(pool);
    }

    private static void awaitParked(RingWorkerPool pool) throws InterruptedException {
        PoolStressTasks.awaitParked(pool, PREFIX);
    }

    private static void shutdown(RingWorkerPool pool) throws InterruptedException {
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }
}
