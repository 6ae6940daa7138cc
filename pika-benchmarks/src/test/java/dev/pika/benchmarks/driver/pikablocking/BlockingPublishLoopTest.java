package dev.pika.benchmarks.driver.pikablocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.RunCounters;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockingPublishLoopTest {

    private final RunCounters counters = new RunCounters();

    /** Records what the loop asks of the channel, in order: "publish" and "commit". */
    private static final class RecordingTarget implements BlockingPublishLoop.Target {
        final List<String> calls = new ArrayList<>();
        int published;
        RuntimeException failEvery3rd;

        @Override
        public void publish(byte[] body) {
            published++;
            calls.add("publish");
            if (failEvery3rd != null && published % 3 == 0) {
                throw failEvery3rd;
            }
        }

        @Override
        public void commit() {
            calls.add("commit");
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
    void inConfirmModeEachReturnedPublishIsConfirmedNacksAndReturnsAreCountedWhateverTheWindow() {
        PublishPlan plan = plan(300).confirmWindow(100).mandatory(true).build();
        RecordingTarget target = new RecordingTarget();
        target.failEvery3rd = new NackException(List.of());

        new BlockingPublishLoop(plan, BlockingPublishLoop.confirmsFor(plan), target, null, () -> false).run();

        assertThat(BlockingPublishLoop.confirmsFor(plan)).isEqualTo(BlockingPublishLoop.Confirms.EACH);
        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(300);
        assertThat(counts.confirmed()).isEqualTo(200);
        assertThat(counts.nacked()).isEqualTo(100);
        assertThat(plan.confirms().outstanding()).isZero();
        assertThat(target.calls).doesNotContain("commit");
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

    @Test
    void aPrefillWithConfirmsCommitsATransactionPerWindowAndOneForTheRest() {
        PublishPlan plan =
                plan(250).confirmWindow(100).prefill(true).timestamps(false).build();
        RecordingTarget target = new RecordingTarget();

        new BlockingPublishLoop(plan, BlockingPublishLoop.confirmsFor(plan), target, null, () -> false).run();

        assertThat(BlockingPublishLoop.confirmsFor(plan)).isEqualTo(BlockingPublishLoop.Confirms.TRANSACTION);
        assertThat(target.calls).filteredOn("commit"::equals).hasSize(3);
        assertThat(target.calls.indexOf("commit")).isEqualTo(100);
        assertThat(target.calls.get(target.calls.size() - 1)).isEqualTo("commit");
        CounterSnapshot counts = counters.snapshot();
        assertThat(counts.sent()).isEqualTo(250);
        assertThat(counts.confirmed()).isEqualTo(250);
        assertThat(plan.confirms().outstanding()).isZero();
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
