package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerPoolTest {

    private static WorkerPool pool(boolean virtual, int concurrency, int capacity) {
        return virtual
                ? new VirtualThreadWorkerPool("pika-listener-test-", concurrency, capacity)
                : new PlatformThreadWorkerPool("pika-listener-test-", concurrency, capacity);
    }

    private static boolean[] kinds() {
        return VirtualThreads.isSupported() ? new boolean[] {false, true} : new boolean[] {false};
    }

    @Test
    void boundedRunsAtMostConcurrencyAndRefusesBeyondTheCapacityWithoutBlocking() throws Exception {
        for (boolean virtual : kinds()) {
            WorkerPool pool = pool(virtual, 2, 3);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(2);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            Runnable blocker = () -> {
                threads.add(Thread.currentThread().getName());
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            assertThat(pool.submit(blocker)).isTrue();
            assertThat(pool.submit(blocker)).isTrue();
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(pool.submit(blocker)).as("queued %s", i).isTrue();
            }
            assertThat(pool.submit(blocker)).as("queue full: refused at once").isFalse();
            assertThat(pool.activeCount()).isEqualTo(2);
            assertThat(pool.queuedCount()).isEqualTo(3);
            assertThat(pool.capacity()).isEqualTo(3);
            assertThat(pool.concurrency()).isEqualTo(2);
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("pika-listener-test-"));
            assertThat(pool.submit(() -> {})).as("after shutdown").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneThreadRunsTasksInSubmissionOrder(boolean virtual) throws Exception {
        if (virtual && !VirtualThreads.isSupported()) {
            return;
        }
        WorkerPool pool = pool(virtual, 1, 1000);
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            assertThat(pool.submit(() -> order.add(n))).isTrue();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(order).hasSize(1000).isSorted();
    }

    @Test
    void removeQueuedTakesWaitingTasksWithoutRunningThem() throws Exception {
        WorkerPool pool = pool(false, 1, 10);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        pool.submit(() -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            String name = "t" + i;
            pool.submit(() -> ran.add(name));
        }
        assertThat(pool.removeQueued(task -> true)).hasSize(5);
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(ran).isEmpty();
    }

    @Test
    void platformThreadsAreGoneAfterShutdown() throws Exception {
        WorkerPool pool = pool(false, 4, 10);
        for (int i = 0; i < 8; i++) {
            pool.submit(() -> {});
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.isAlive() && t.getName().startsWith("pika-listener-test-")));
    }
}
