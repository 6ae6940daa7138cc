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

    /**
     * The pools under test: the ring pools the container uses with a prefetch, and the unbounded ones it uses without
     * (the capacity given is then ignored).
     */
    enum Kind {
        RING_PLATFORM,
        RING_VIRTUAL,
        UNBOUNDED_PLATFORM,
        UNBOUNDED_VIRTUAL;

        boolean supported() {
            return (this != RING_VIRTUAL && this != UNBOUNDED_VIRTUAL) || VirtualThreads.isSupported();
        }

        boolean bounded() {
            return this == RING_PLATFORM || this == RING_VIRTUAL;
        }

        WorkerPool create(int concurrency, int capacity) {
            boolean virtual = this == RING_VIRTUAL || this == UNBOUNDED_VIRTUAL;
            return WorkerPool.create("test", concurrency, bounded() ? capacity : 0, virtual, null);
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
        for (Kind kind : kinds().stream().filter(Kind::bounded).toList()) {
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

    @Test
    void anUnboundedPoolTakesEveryTaskWhileItsWorkersAreBusyAndRunsThemAll() throws Exception {
        for (Kind kind : kinds().stream().filter(k -> !k.bounded()).toList()) {
            WorkerPool pool = pool(kind, 2, 0);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch ran = new CountDownLatch(10_002);
            Runnable blocker = () -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ran.countDown();
            };
            assertThat(pool.submit(blocker)).isTrue();
            assertThat(pool.submit(blocker)).isTrue();
            for (int i = 0; i < 10_000; i++) {
                assertThat(pool.submit(ran::countDown)).as("task %s", i).isTrue();
            }
            assertThat(pool.capacity()).as("no bound").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.activeCount() == 2);
            assertThat(pool.queuedCount()).isEqualTo(10_000);
            release.countDown();
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.queuedCount()).isZero();
            pool.shutdown();
            assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Kind.class,
            names = {"RING_PLATFORM", "UNBOUNDED_PLATFORM"})
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
