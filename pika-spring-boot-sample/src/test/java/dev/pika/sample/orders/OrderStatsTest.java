package dev.pika.sample.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderStatsTest {

    private final OrderStats stats = new OrderStats();

    @Test
    void countsDistinctOrdersByOutcome() {
        stats.accepted("a");
        stats.accepted("b");
        stats.accepted("c");
        assertThat(stats.processed("a")).isTrue();
        assertThat(stats.processed("a")).as("a redelivered order counts once").isFalse();
        assertThat(stats.failed("c")).isTrue();

        assertThat(stats.snapshot()).isEqualTo(new OrderStats.Snapshot(3, 1, 1));
    }

    @Test
    void statusFollowsTheFurthestOutcomeWhateverTheOrderOfEvents() {
        // The listener can finish before the publisher sees the broker's confirm.
        stats.processed("early");
        stats.accepted("early");
        stats.accepted("waiting");
        stats.failed("poison");

        assertThat(stats.status("early")).contains(OrderStatus.PROCESSED);
        assertThat(stats.status("waiting")).contains(OrderStatus.ACCEPTED);
        assertThat(stats.status("poison")).contains(OrderStatus.FAILED);
        assertThat(stats.status("unknown")).isEmpty();
    }

    @Test
    void processedAndFailedOrdersAreDone() {
        stats.accepted("a");
        stats.processed("b");
        stats.failed("c");

        assertThat(stats.isDone("a")).isFalse();
        assertThat(stats.isDone("b")).isTrue();
        assertThat(stats.isDone("c")).isTrue();
    }
}
