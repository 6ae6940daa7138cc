package dev.pika.benchmarks.driver.pikablocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.RunCounters;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockingPublishLoopTest {

    private final RunCounters counters = new RunCounters();

    /** Counts the publishes of the waiting forms, failing every third one when told to. */
    private static final class RecordingTarget implements BlockingPublishLoop.Target {
        int published;
        RuntimeException failEvery3rd;

        @Override
        public void publish(byte[] body) {
            published++;
            if (failEvery3rd != null && published % 3 == 0) {
                throw failEvery3rd;
            }
        }
    }

    private PublishPlan.Builder plan(int messages) {
        return PublishPlan.builder().routingKey("q").messageLimit(messages).counters(counters);
    }

    @Test
    void withoutConfirmsEveryMessageIsPublishedAndCountedAsSent() {
        PublishPlan plan = plan(1000).build();
        RecordingTarget target = new RecordingTarget();

        new BlockingPublishLoop(plan, BlockingPublishLoop.confirmsFor(plan), target, null, () -> false).run();

        assertThat(BlockingPublishLoop.confirmsFor(plan)).isEqualTo(BlockingPublishLoop.Confirms.NONE);
        assertThat(target.published).isEqualTo(1000);
        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(1000);
        assertThat(counts.confirmed()).isZero();
    }

    @Test
    void withAWindowOf1EachReturnedPublishIsConfirmedNacksAndReturnsAreCounted() {
        PublishPlan plan = plan(300).confirmWindow(1).mandatory(true).build();
        RecordingTarget target = new RecordingTarget();
        target.failEvery3rd = new NackException(List.of());

        new BlockingPublishLoop(plan, BlockingPublishLoop.confirmsFor(plan), target, null, () -> false).run();

        assertThat(BlockingPublishLoop.confirmsFor(plan)).isEqualTo(BlockingPublishLoop.Confirms.EACH);
        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(300);
        assertThat(counts.confirmed()).isEqualTo(200);
        assertThat(counts.nacked()).isEqualTo(100);
        assertThat(plan.confirms().outstanding()).isZero();
    }

    @Test
    void anUnroutableMandatoryMessageIsReturnedAndConfirmed() {
        PublishPlan plan = plan(30).confirmWindow(5).mandatory(true).build();
        RecordingTarget target = new RecordingTarget();
        target.failEvery3rd = new UnroutableException(List.of());

        new BlockingPublishLoop(plan, BlockingPublishLoop.Confirms.EACH, target, null, () -> false).run();

        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(30);
        assertThat(counts.confirmed()).isEqualTo(30);
        assertThat(counts.returned()).isEqualTo(10);
        assertThat(counts.nacked()).isZero();
    }

    /** Answers pipelined publishes from another thread, in order, as a broker does: by the message's number. */
    private static final class PipelinedTarget implements BlockingPublishLoop.Target, AutoCloseable {
        final ExecutorService broker = Executors.newSingleThreadExecutor();
        final AtomicInteger unsettled = new AtomicInteger();
        final AtomicInteger mostUnsettled = new AtomicInteger();
        final java.util.function.IntFunction<Throwable> outcome;
        int published;

        PipelinedTarget(java.util.function.IntFunction<Throwable> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void publish(byte[] body) {
            throw new AssertionError("a window above 1 publishes pipelined");
        }

        @Override
        public CompletableFuture<Void> publishConfirmed(byte[] body) {
            int number = ++published;
            mostUnsettled.accumulateAndGet(unsettled.incrementAndGet(), Math::max);
            CompletableFuture<Void> future = new CompletableFuture<>();
            broker.execute(() -> {
                unsettled.decrementAndGet();
                Throwable failure = outcome.apply(number);
                if (failure == null) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(failure);
                }
            });
            return future;
        }

        @Override
        public void close() {
            broker.shutdownNow();
        }
    }

    @Test
    void aWindowAbove1PublishesPipelinedWithinTheWindowAndSettlesEachFuture() {
        PublishPlan plan = plan(300).confirmWindow(100).mandatory(true).build();
        try (PipelinedTarget target = new PipelinedTarget(number -> number % 3 == 0
                ? new NackException(List.of())
                : number % 5 == 0 ? new UnroutableException(List.of()) : null)) {

            new BlockingPublishLoop(plan, BlockingPublishLoop.confirmsFor(plan), target, null, () -> false).run();

            assertThat(BlockingPublishLoop.confirmsFor(plan)).isEqualTo(BlockingPublishLoop.Confirms.PIPELINED);
            assertThat(target.published).isEqualTo(300);
            assertThat(target.mostUnsettled.get()).isLessThanOrEqualTo(100);
        }
        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(300);
        assertThat(counts.confirmed()).isEqualTo(200);
        assertThat(counts.nacked()).isEqualTo(100);
        assertThat(counts.returned()).isEqualTo(40);
        assertThat(plan.confirms().outstanding()).isZero();
    }

    @Test
    void aPrefillUsesPipelinedConfirmsToo() {
        PublishPlan plan =
                plan(2_500).confirmWindow(1_000).prefill(true).timestamps(false).build();
        try (PipelinedTarget target = new PipelinedTarget(number -> null)) {

            new BlockingPublishLoop(plan, BlockingPublishLoop.confirmsFor(plan), target, null, () -> false).run();

            assertThat(BlockingPublishLoop.confirmsFor(plan)).isEqualTo(BlockingPublishLoop.Confirms.PIPELINED);
        }
        assertThat(counters.snapshot().confirmed()).isEqualTo(2_500);
        assertThat(plan.confirms().outstanding()).isZero();
    }

    @Test
    void aPipelinedFutureFailedByTheConnectionEndsTheLoopWithThatFailure() {
        PublishPlan plan = plan(10_000).confirmWindow(50).build();
        ConnectionClosedByBrokerException closed = new ConnectionClosedByBrokerException(320, "CONNECTION_FORCED");
        try (PipelinedTarget target = new PipelinedTarget(number -> number >= 20 ? closed : null)) {

            assertThatThrownBy(() -> new BlockingPublishLoop(
                                    plan, BlockingPublishLoop.Confirms.PIPELINED, target, null, () -> false)
                            .run())
                    .isSameAs(closed);

            assertThat(target.published)
                    .as("the loop stopped soon after the failure")
                    .isLessThan(10_000);
        }
        assertThat(counters.snapshot().confirmed()).isEqualTo(19);
    }

    @Test
    void returnsAreDispatchedEveryFewHundredMessagesAndAtTheEndUnlessTheConnectionIsClosing() {
        AtomicInteger dispatches = new AtomicInteger();
        PublishPlan plan = plan(BlockingPublishLoop.DISPATCH_EVERY * 3 + 10).build();

        new BlockingPublishLoop(
                        plan,
                        BlockingPublishLoop.Confirms.NONE,
                        new RecordingTarget(),
                        dispatches::incrementAndGet,
                        () -> false)
                .run();

        assertThat(dispatches.get()).isEqualTo(4);

        AtomicBoolean closing = new AtomicBoolean(true);
        AtomicInteger whileClosing = new AtomicInteger();
        new BlockingPublishLoop(
                        plan(1000).build(),
                        BlockingPublishLoop.Confirms.NONE,
                        new RecordingTarget(),
                        whileClosing::incrementAndGet,
                        closing::get)
                .run();
        assertThat(whileClosing.get()).isZero();
    }
}
