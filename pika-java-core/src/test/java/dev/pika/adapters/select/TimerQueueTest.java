package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    private final IoLoop loop = new IoLoop();
    private final TimerQueue queue = new TimerQueue();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private LoopTimer add(long deadline, String name, List<String> ran) {
        LoopTimer timer = new LoopTimer(loop, deadline, queue.nextSequence(), () -> ran.add(name));
        queue.add(timer);
        return timer;
    }

    private List<String> drain(List<String> ran) {
        LoopTimer timer;
        while ((timer = queue.poll()) != null) {
            timer.callback.run();
        }
        return ran;
    }

    @Test
    void pollsByDeadlineThenByInsertionForEqualDeadlines() {
        List<String> ran = new ArrayList<>();
        add(30, "c", ran);
        add(10, "a1", ran);
        add(20, "b", ran);
        add(10, "a2", ran);
        add(10, "a3", ran);
        add(5, "first", ran);

        assertThat(drain(ran)).containsExactly("first", "a1", "a2", "a3", "b", "c");
    }

    @Test
    void ordersDeadlinesAcrossTheNanoTimeWrapAround() {
        List<String> ran = new ArrayList<>();
        add(Long.MIN_VALUE + 5, "after-wrap", ran);
        add(Long.MAX_VALUE - 5, "before-wrap", ran);

        assertThat(drain(ran)).containsExactly("before-wrap", "after-wrap");
    }

    @Test
    void removingAnyTimerKeepsTheHeapOrdered() {
        Random random = new Random(42);
        List<String> ran = new ArrayList<>();
        List<LoopTimer> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            all.add(add(random.nextInt(500), "t" + i, ran));
        }
        List<LoopTimer> kept = new ArrayList<>();
        for (LoopTimer timer : all) {
            if (random.nextInt(3) == 0) {
                assertThat(queue.remove(timer)).isTrue();
                assertThat(queue.remove(timer)).as("second removal").isFalse();
                assertThat(timer.heapIndex).isEqualTo(-1);
            } else {
                kept.add(timer);
            }
        }
        assertThat(queue.size()).isEqualTo(kept.size());

        List<LoopTimer> polled = new ArrayList<>();
        LoopTimer timer;
        while ((timer = queue.poll()) != null) {
            polled.add(timer);
        }
        kept.sort(Comparator.<LoopTimer>comparingLong(t -> t.deadline).thenComparingLong(t -> t.sequence));
        assertThat(polled).containsExactlyElementsOf(kept);
    }

    @Test
    void clearDetachesEveryTimer() {
        List<String> ran = new ArrayList<>();
        LoopTimer a = add(1, "a", ran);
        LoopTimer b = add(2, "b", ran);

        queue.clear();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.peek()).isNull();
        assertThat(a.callback).isNull();
        assertThat(b.heapIndex).isEqualTo(-1);
    }
}
