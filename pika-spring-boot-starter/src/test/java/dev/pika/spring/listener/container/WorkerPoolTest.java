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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkerPoolTest {

    /** The pools under test: the ring pools the container uses with a prefetch, and the linked ones. */
    enum Kind {
        RING_PLATFORM,
        RING_VIRTUAL,
        LINKED_PLATFORM,
        LINKED_VIRTUAL;

        boolean supported() {
            return (this != RING_VIRTUAL && this != LINKED_VIRTUAL) || VirtualThreads.isSupported();
        }

        WorkerPool create(int concurrency, int capacity) {
            String prefix = "pika-listener-test-";
            return switch (this) {
                case RING_PLATFORM -> new RingWorkerPool(WorkerPool.platformThreads(prefix), concurrency, capacity);
                case RING_VIRTUAL -> new RingWorkerPool(VirtualThreads.factory(prefix), concurrency, capacity);
                case LINKED_PLATFORM -> new PlatformThreadWorkerPool(prefix, concurrency, capacity);
                case LINKED_VIRTUAL -> new VirtualThreadWorkerPool(prefix, concurrency, capacity);
            };
        }
    }

    private static WorkerPool pool(Kind kind, int concurrency, int capacity) {
        return kind.create(concurrency, capacity);
    }

    private static List<Kind> kinds() {
        return java.util.Arrays.stream(Kind.values()).filter(Kind::supported).toList();
    }

    @Test
    void boundedRunsAtMostConcurrencyAndRefusesBeyondTheCapacityWithoutBlocking() throws Exception {
        for (Kind kind : kinds()) {
            WorkerPool pool = pool(kind, 2, 3);
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
    @EnumSource(Kind.class)
    void oneThreadRunsTasksInSubmissionOrder(Kind kind) throws Exception {
        Assumptions.assumeTrue(kind.supported(), "virtual threads need Java 21");
        WorkerPool pool = pool(kind, 1, 1000);
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            assertThat(pool.submit(() -> order.add(n))).isTrue();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(order).hasSize(1000).isSorted();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void removeQueuedTakesWaitingTasksWithoutRunningThem(Kind kind) throws Exception {
        Assumptions.assumeTrue(kind.supported(), "virtual threads need Java 21");
        WorkerPool pool = pool(kind, 1, 10);
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
        assertThat(pool.queuedCount()).isEqualTo(5);
        assertThat(pool.removeQueued(task -> true)).hasSize(5);
        assertThat(pool.queuedCount()).isZero();
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(ran).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = Kind.class,
            names = {"RING_PLATFORM", "LINKED_PLATFORM"})
    void platformThreadsAreGoneAfterShutdown(Kind kind) throws Exception {
        WorkerPool pool = pool(kind, 4, 10);
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
