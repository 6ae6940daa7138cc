package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HandOffRingTest {

    @Test
    void holdsAtMostItsCapacityInFifoOrder() {
        HandOffRing<Integer> ring = new HandOffRing<>(3);
        assertThat(ring.poll()).isNull();
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.offer(1)).isTrue();
        assertThat(ring.offer(2)).isTrue();
        assertThat(ring.offer(3)).isTrue();
        assertThat(ring.offer(4)).as("full").isFalse();
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.poll()).isEqualTo(1);
        assertThat(ring.offer(4)).isTrue();
        assertThat(List.of(ring.poll(), ring.poll(), ring.poll())).containsExactly(2, 3, 4);
        assertThat(ring.poll()).isNull();
        assertThat(ring.size()).isZero();
    }

    @Test
    void wrapsAroundManyTimes() {
        HandOffRing<Integer> ring = new HandOffRing<>(5);
        for (int i = 0; i < 10_000; i += 2) {
            assertThat(ring.offer(i)).isTrue();
            assertThat(ring.offer(i + 1)).isTrue();
            assertThat(ring.poll()).isEqualTo(i);
            assertThat(ring.poll()).isEqualTo(i + 1);
        }
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void removeIfWithdrawsMatchingElementsThatPollThenSkips() {
        HandOffRing<Integer> ring = new HandOffRing<>(8);
        for (int i = 1; i <= 6; i++) {
            ring.offer(i);
        }
        assertThat(ring.removeIf(n -> n % 2 == 0)).containsExactly(2, 4, 6);
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.removeIf(n -> n % 2 == 0)).isEmpty();
        List<Integer> polled = new ArrayList<>();
        for (Integer n = ring.poll(); n != null; n = ring.poll()) {
            polled.add(n);
        }
        assertThat(polled).containsExactly(1, 3, 5);
        assertThat(ring.size()).isZero();
    }

    @Test
    void refusesNullsAndBadCapacities() {
        assertThatThrownBy(() -> new HandOffRing<>(0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new HandOffRing<Integer>(1).offer(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void concurrentConsumersAndARemoverTakeEveryElementExactlyOnce() throws Exception {
        int elements = 300_000;
        HandOffRing<Integer> ring = new HandOffRing<>(16);
        ConcurrentLinkedQueue<Integer> taken = new ConcurrentLinkedQueue<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        int consumers = 3;
        CountDownLatch done = new CountDownLatch(consumers + 1);
        for (int c = 0; c < consumers; c++) {
            Thread consumer = new Thread(() -> {
                while (producing.get() || !ring.isEmpty()) {
                    Integer n = ring.poll();
                    if (n != null) {
                        taken.add(n);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                done.countDown();
            });
            consumer.setDaemon(true);
            consumer.start();
        }
        Thread remover = new Thread(() -> {
            while (producing.get()) {
                taken.addAll(ring.removeIf(n -> n % 7 == 0));
            }
            done.countDown();
        });
        remover.setDaemon(true);
        remover.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < elements; i++) {
            while (!ring.offer(i)) {
                assertThat(System.nanoTime() - deadline)
                        .as("producer stuck at %d", i)
                        .isNegative();
                Thread.onSpinWait();
            }
        }
        producing.set(false);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(taken).hasSize(elements).doesNotHaveDuplicates();
        assertThat(ring.size()).isZero();
    }
}
