package dev.pika.benchmarks.driver.pikaselect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopPoolTest {

    @Test
    void aNewConnectionGoesToTheLoopWithTheFewestAndLoopsStartWhenFirstNeeded() throws Exception {
        try (LoopPool pool = new LoopPool(2)) {
            LoopPool.Lease first = pool.acquire();
            LoopPool.Lease second = pool.acquire();
            assertThat(second.loop()).isNotSameAs(first.loop());
            assertThat(pool.acquire().loop()).as("a tie goes to the first loop").isSameAs(first.loop());

            second.release();
            second.release(); // counted once
            assertThat(pool.acquire().loop()).isSameAs(second.loop());

            CompletableFuture<String> ranOn = new CompletableFuture<>();
            first.loop()
                    .addCallbackThreadsafe(
                            () -> ranOn.complete(Thread.currentThread().getName()));
            assertThat(ranOn.get(10, TimeUnit.SECONDS)).startsWith("pika-select-loop-");
        }
    }

    @Test
    void closeEndsTheLoopThreadsAndRefusesNewConnections() {
        LoopPool pool = new LoopPool(1);
        LoopPool.Lease lease = pool.acquire();

        pool.close();
        pool.close();

        assertThat(lease.loop().isClosed()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("pika-select-loop-") && thread.isAlive());
        assertThatThrownBy(pool::acquire).hasMessageContaining("closed");
    }

    @Test
    void theSizeComesFromTheSystemPropertyOrTheCores() {
        String previous = System.getProperty(LoopPool.LOOPS_PROPERTY);
        try {
            System.clearProperty(LoopPool.LOOPS_PROPERTY);
            assertThat(LoopPool.configuredSize()).isEqualTo(Runtime.getRuntime().availableProcessors());
            System.setProperty(LoopPool.LOOPS_PROPERTY, "3");
            assertThat(LoopPool.configuredSize()).isEqualTo(3);
            System.setProperty(LoopPool.LOOPS_PROPERTY, "lots");
            assertThatThrownBy(LoopPool::configuredSize).hasMessageContaining("must be a positive number");
            assertThatThrownBy(() -> new LoopPool(0)).hasMessageContaining("at least one loop");
        } finally {
            if (previous == null) {
                System.clearProperty(LoopPool.LOOPS_PROPERTY);
            } else {
                System.setProperty(LoopPool.LOOPS_PROPERTY, previous);
            }
        }
    }
}
