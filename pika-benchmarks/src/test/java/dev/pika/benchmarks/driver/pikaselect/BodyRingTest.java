package dev.pika.benchmarks.driver.pikaselect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyRingTest {

    @Test
    void holdsUpToItsCapacityInOrder() {
        BodyRing ring = new BodyRing(3);
        assertThat(ring.capacity()).isEqualTo(4);
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.poll()).isNull();

        for (int i = 0; i < 4; i++) {
            assertThat(ring.offer(new byte[] {(byte) i})).isTrue();
        }
        assertThat(ring.isFull()).isTrue();
        assertThat(ring.offer(new byte[] {9})).as("full").isFalse();
        assertThat(ring.size()).isEqualTo(4);

        assertThat(ring.poll()).containsExactly(0);
        assertThat(ring.isFull()).isFalse();
        assertThat(ring.offer(new byte[] {4})).isTrue();
        for (int i = 1; i <= 4; i++) {
            assertThat(ring.poll()).containsExactly(i);
        }
        assertThat(ring.poll()).isNull();
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void refusesCapacitiesItCannotHold() {
        assertThatThrownBy(() -> new BodyRing(1)).hasMessageContaining("capacity must be between 2");
        assertThat(new BodyRing(2).capacity()).isEqualTo(2);
        assertThat(new BodyRing(4096).capacity()).isEqualTo(4096);
    }

    @Test
    void oneProducerAndOneConsumerThreadPassEveryBodyOnceInOrder() throws Exception {
        BodyRing ring = new BodyRing(64);
        int count = 200_000;
        CompletableFuture<Long> consumed = CompletableFuture.supplyAsync(() -> {
            long expected = 0;
            while (expected < count) {
                byte[] body = ring.poll();
                if (body == null) {
                    Thread.onSpinWait();
                    continue;
                }
                long value = ByteBuffer.wrap(body).getLong();
                if (value != expected) {
                    throw new AssertionError("got " + value + " where " + expected + " was next");
                }
                expected++;
            }
            return expected;
        });
        for (long i = 0; i < count; i++) {
            byte[] body = ByteBuffer.allocate(8).putLong(i).array();
            while (!ring.offer(body)) {
                Thread.onSpinWait();
            }
        }

        assertThat(consumed.get(60, TimeUnit.SECONDS)).isEqualTo(count);
        assertThat(ring.isEmpty()).isTrue();
    }
}
