package dev.pika.sample.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.spring.listener.RequeueMessageException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderListenerTest {

    private final OrderStats stats = new OrderStats();

    @Test
    void processesAValidOrder() {
        OrderListener listener = new OrderListener(stats, TestProperties.withProcessingTime(Duration.ZERO));

        listener.process(order("o-1", 2));

        assertThat(stats.status("o-1")).contains(OrderStatus.PROCESSED);
        assertThat(stats.snapshot().processed()).isEqualTo(1);
    }

    @Test
    void rejectsAQuantityOfZeroOrLess() {
        OrderListener listener = new OrderListener(stats, TestProperties.withProcessingTime(Duration.ZERO));

        assertThatThrownBy(() -> listener.process(order("poison", 0)))
                .isInstanceOf(InvalidOrderException.class)
                .hasMessageContaining("poison")
                .hasMessageContaining("quantity must be at least 1, was 0");
        assertThatThrownBy(() -> listener.process(order("negative", -3))).isInstanceOf(InvalidOrderException.class);
        assertThat(stats.snapshot().processed()).isZero();
    }

    @Test
    void aRedeliveredOrderThatIsDoneIsNotProcessedAgain() {
        // A processing time that would block the test for a minute if the work ran again.
        OrderListener listener = new OrderListener(stats, TestProperties.withProcessingTime(Duration.ofMinutes(1)));
        stats.processed("done");
        stats.failed("dead-lettered");

        listener.process(order("done", 1));
        listener.process(order("dead-lettered", 0));

        assertThat(stats.snapshot()).isEqualTo(new OrderStats.Snapshot(0, 1, 1));
    }

    @Test
    void anInterruptedOrderIsRequeuedNotFailed() throws Exception {
        OrderListener listener = new OrderListener(stats, TestProperties.withProcessingTime(Duration.ofMinutes(1)));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            started.countDown();
            try {
                listener.process(order("slow", 1));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        worker.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS))
                .isInstanceOf(RequeueMessageException.class)
                .hasMessageContaining("slow");
        assertThat(stats.isDone("slow")).isFalse();
    }

    static Order order(String id, int quantity) {
        return new Order(id, "book", quantity, Instant.now());
    }
}
