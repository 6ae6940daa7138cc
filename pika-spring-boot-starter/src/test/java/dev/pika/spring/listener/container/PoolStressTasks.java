package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixture for the worker pools' stress tests: numbered tasks that count how many ran, check the
 * submission order when one worker runs them, and release a latch when the last one ran; and the wait
 * for a pool's workers to park.
 */
final class PoolStressTasks {

    private final int total;
    private final boolean ordered;
    private final AtomicLong ran = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final CountDownLatch all = new CountDownLatch(1);
    /** The number of the last task run; written by the single worker when {@code ordered}. */
    private long last = -1;

    /**
     * @param total how many tasks will be submitted
     * @param ordered whether one worker runs them (then they must run in submission order)
     */
    PoolStressTasks(int total, boolean ordered) {
        this.total = total;
        this.ordered = ordered;
    }

    /** @return the task numbered {@code n} (0, 1, 2... in submission order) */
    Runnable task(long n) {
        return () -> {
            if (ordered) {
                if (n != last + 1) {
                    outOfOrder.incrementAndGet();
                }
                last = n;
            }
            if (ran.incrementAndGet() == total) {
                all.countDown();
            }
        };
    }

    /** Asserts that every task ran within 60 s and, when ordered, in submission order. */
    void assertAllRanInOrder() throws InterruptedException {
        assertThat(all.await(60, TimeUnit.SECONDS))
                .as("all tasks ran (%d of %d)", ran.get(), total)
                .isTrue();
        assertThat(outOfOrder.get()).as("tasks out of submission order").isZero();
    }

    /** Waits (bounded) until the pool runs nothing and every thread named {@code prefix...} is parked. */
    static void awaitParked(WorkerPool pool, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.activeCount() > 0 || !allParked(prefix)) {
            assertThat(System.nanoTime() - deadline).as("worker never parked").isNegative();
            Thread.sleep(1);
        }
    }

    private static boolean allParked(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .allMatch(t -> t.getState() == Thread.State.WAITING);
    }
}
