package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pika.io.TimerReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IoLoopTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final IoLoop loop = new IoLoop();
    private final String threadName = "pika-io-test-" + NAMES.incrementAndGet();

    @AfterEach
    void closeLoop() {
        loop.close();
        assertThat(Loops.threadAlive(threadName)).as("loop thread left behind").isFalse();
    }

    @Test
    void timersRunInDeadlineOrderAndZeroDelaysInInsertionOrder() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> last = new CompletableFuture<>();
        // Before the loop first runs, any thread may set it up (as Pika allows).
        loop.callLater(Duration.ofMillis(60), () -> {
            ran.add("c");
            last.complete(null);
        });
        loop.callLater(Duration.ofMillis(20), () -> ran.add("a"));
        loop.callLater(Duration.ofMillis(40), () -> ran.add("b"));
        loop.callLater(Duration.ZERO, () -> ran.add("z1"));
        loop.callLater(Duration.ZERO, () -> ran.add("z2"));
        loop.callLater(Duration.ZERO, () -> ran.add("z3"));

        loop.startInBackground(threadName);
        Loops.await(last);

        assertThat(ran).containsExactly("z1", "z2", "z3", "a", "b", "c");
        assertThat(Loops.onLoop(loop, loop::pendingTimerCount)).isZero();
    }

    @Test
    void aCancelledTimerNeverRunsAndLeavesTheHeap() {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CompletableFuture<Void> later = new CompletableFuture<>();
        TimerReference cancelled = loop.callLater(Duration.ofMillis(10), () -> cancelledRan.set(true));
        loop.callLater(Duration.ofMillis(50), () -> later.complete(null));
        cancelled.cancel();
        cancelled.cancel(); // idempotent

        assertThat(loop.pendingTimerCount()).isEqualTo(1);
        loop.startInBackground(threadName);
        Loops.await(later);

        assertThat(cancelledRan).isFalse();
    }

    @Test
    void cancelFromAnotherThreadIsHandedToTheLoop() {
        loop.startInBackground(threadName);
        AtomicBoolean ran = new AtomicBoolean();
        TimerReference timer = Loops.onLoop(loop, () -> loop.callLater(Duration.ofHours(1), () -> ran.set(true)));
        assertThat(Loops.onLoop(loop, loop::pendingTimerCount)).isEqualTo(1);

        timer.cancel(); // from the test thread

        Loops.awaitCondition("the timer left the heap", () -> Loops.onLoop(loop, loop::pendingTimerCount) == 0);
        assertThat(ran).isFalse();
    }

    @Test
    void loopThreadOnlyMethodsRejectOtherThreadsOnceTheLoopRuns() {
        loop.startInBackground(threadName);

        assertThat(loop.isInLoopThread()).isFalse();
        assertThat(Loops.onLoop(loop, loop::isInLoopThread)).isTrue();
        assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("callLater must be called on the IoLoop's thread (" + threadName + ")")
                .hasMessageContaining("addCallbackThreadsafe");
        assertThatThrownBy(() -> loop.resolve("localhost", 1, dev.pika.io.IoCallback.of(r -> {}, e -> {})))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> loop.callLater(Duration.ofMillis(-1), () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay must not be negative");
    }

    @Test
    void callbacksFromManyThreadsRunInEachThreadsOrder() throws Exception {
        loop.startInBackground(threadName);
        int producers = 4;
        int perProducer = 10_000;
        int[] lastSeen = new int[producers];
        java.util.Arrays.fill(lastSeen, -1);
        List<String> violations = new ArrayList<>(); // loop-confined
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Void> allRan = new CompletableFuture<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    int sequence = i;
                    loop.addCallbackThreadsafe(() -> {
                        if (!loop.isInLoopThread()) {
                            violations.add("ran off the loop thread");
                        }
                        if (lastSeen[producer] != sequence - 1) {
                            violations.add(producer + ":" + sequence + " after " + lastSeen[producer]);
                        }
                        lastSeen[producer] = sequence;
                        if (ran.incrementAndGet() == producers * perProducer) {
                            allRan.complete(null);
                        }
                    });
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            Loops.join(thread);
        }
        Loops.await(allRan);

        assertThat(Loops.onLoop(loop, () -> List.copyOf(violations))).isEmpty();
        assertThat(ran).hasValue(producers * perProducer);
        assertThat(loop.wakeupCount())
                .as("wakeups are coalesced: far fewer than callbacks")
                .isLessThan(producers * perProducer);
    }

    @Test
    void callbacksAddedWhileTheLoopIsAwakeCauseNoWakeup() throws Exception {
        loop.startInBackground(threadName);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.addCallbackThreadsafe(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        inside.await();
        long before = loop.wakeupCount();

        int producers = 4;
        int perProducer = 1_000;
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Void> allRan = new CompletableFuture<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    loop.addCallbackThreadsafe(() -> {
                        if (ran.incrementAndGet() == producers * perProducer) {
                            allRan.complete(null);
                        }
                    });
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            Loops.join(thread);
        }
        release.countDown();
        Loops.await(allRan);

        assertThat(loop.wakeupCount() - before)
                .as("the loop was busy in a callback: the whole batch needed no wakeup")
                .isZero();
    }

    @Test
    void oneCallbackWakesASleepingLoopExactlyOnce() {
        loop.startInBackground(threadName);
        Loops.awaitCondition("the loop sleeps in its selector", loop::isArmedForWakeup);
        long before = loop.wakeupCount();

        CompletableFuture<Void> ran = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> ran.complete(null));
        Loops.await(ran);

        assertThat(loop.wakeupCount() - before).isEqualTo(1);
    }

    @Test
    void callbacksAddedOnTheLoopThreadRunOnTheNextTurnWithoutWakeup() {
        loop.startInBackground(threadName);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        long before = loop.wakeupCount();
        Loops.onLoop(loop, () -> {
            loop.addCallbackThreadsafe(() -> {
                ran.add("second");
                done.complete(null);
            });
            ran.add("first");
        });
        Loops.await(done);

        assertThat(ran).containsExactly("first", "second");
        assertThat(loop.wakeupCount() - before)
                .as("only the test's own post woke the loop")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void stopFromInsideACallbackEndsTheThreadAndTheLoopCanStartAgain() {
        Thread thread = loop.startInBackground(threadName);
        assertThat(thread.getName()).isEqualTo(threadName);
        assertThat(thread.isDaemon()).isTrue();
        assertThat(loop.isRunning()).isTrue();

        loop.addCallbackThreadsafe(loop::stop);
        Loops.join(thread);
        assertThat(loop.isRunning()).isFalse();

        Thread again = loop.startInBackground(threadName);
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> ranOn.complete(Thread.currentThread().getName()));
        assertThat(Loops.await(ranOn)).isEqualTo(threadName);
        loop.stop(); // from another thread
        Loops.join(again);
    }

    @Test
    void startIsNotReentrant() {
        loop.startInBackground(threadName);

        assertThatThrownBy(() -> loop.startInBackground(threadName + "-second"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running on thread " + threadName);
        assertThat(Loops.onLoop(loop, () -> {
                    try {
                        loop.start();
                        return "started";
                    } catch (IllegalStateException e) {
                        return e.getMessage();
                    }
                }))
                .contains("not reentrant");
    }

    @Test
    void aStopRequestedBeforeStartMakesStartReturnAtOnceAsInPika() {
        loop.stop();

        assertTimeoutPreemptively(Duration.ofSeconds(10), loop::start);
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void throwingCallbacksAndTimersAreLoggedAndTheLoopGoesOn() {
        loop.startInBackground(threadName);
        loop.addCallbackThreadsafe(() -> {
            throw new IllegalStateException("a callback failed on purpose");
        });
        loop.addCallbackThreadsafe(() -> {
            throw new AssertionError("an error thrown on purpose");
        });
        CompletableFuture<Void> timerAfterFailure = new CompletableFuture<>();
        Loops.onLoop(loop, () -> {
            loop.callLater(Duration.ZERO, () -> {
                throw new IllegalArgumentException("a timer failed on purpose");
            });
            loop.callLater(Duration.ofMillis(1), () -> timerAfterFailure.complete(null));
        });
        CompletableFuture<Void> callbackAfterFailure = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> callbackAfterFailure.complete(null));

        Loops.await(timerAfterFailure);
        Loops.await(callbackAfterFailure);
        assertThat(loop.isRunning()).isTrue();
    }

    @Test
    void runOnceRunsDueTimersAndQueuedCallbacksOnTheCallingThread() {
        List<String> ran = new ArrayList<>();
        loop.callLater(Duration.ZERO, () -> ran.add("timer"));
        loop.addCallbackThreadsafe(() -> ran.add("callback"));

        loop.runOnce(Duration.ofSeconds(5)); // does not block: work is due

        assertThat(ran).containsExactly("timer", "callback");
        assertThat(loop.isInLoopThread()).isTrue();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void closeFromAnotherThreadStopsTheLoopAndReleasesEverything() {
        Thread thread = loop.startInBackground(threadName);
        AtomicBoolean timerRan = new AtomicBoolean();
        Loops.onLoop(loop, () -> loop.callLater(Duration.ofHours(1), () -> timerRan.set(true)));

        loop.close();

        assertThat(loop.isClosed()).isTrue();
        assertThat(thread.isAlive()).isFalse();
        assertThat(Loops.threadAlive(threadName)).isFalse();
        assertThat(loop.selector().isOpen()).isFalse();
        assertThat(timerRan).isFalse();
        assertThatThrownBy(() -> loop.addCallbackThreadsafe(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
        loop.close(); // idempotent
    }

    @Test
    void closeFromInsideACallbackReleasesWhenTheTurnEnds() {
        Thread thread = loop.startInBackground(threadName);
        CompletableFuture<Boolean> closedDuringCallback = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            loop.close();
            closedDuringCallback.complete(loop.isClosed());
        });

        assertThat(Loops.await(closedDuringCallback)).isFalse();
        Loops.join(thread);
        assertThat(loop.isClosed()).isTrue();
        assertThat(loop.selector().isOpen()).isFalse();
    }

    @Test
    void closingALoopThatNeverRanReleasesIt() {
        loop.close();

        assertThat(loop.isClosed()).isTrue();
        assertThat(loop.selector().isOpen()).isFalse();
    }

    @Test
    void closeTellsADroppedDiscardableCallbackInsteadOfRunningIt() {
        Thread thread = loop.startInBackground(threadName);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocking = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            blocking.complete(null);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.close(); // releases when this turn ends: the callbacks queued meanwhile never run
        });
        Loops.await(blocking);
        AtomicBoolean ran = new AtomicBoolean();
        AtomicInteger discarded = new AtomicInteger();
        AtomicBoolean plainRan = new AtomicBoolean();
        loop.addCallbackThreadsafe(new dev.pika.io.DiscardableCallback() {
            @Override
            public void run() {
                ran.set(true);
            }

            @Override
            public void discarded() {
                discarded.incrementAndGet();
            }
        });
        loop.addCallbackThreadsafe(() -> plainRan.set(true));
        release.countDown();
        Loops.join(thread);

        assertThat(loop.isClosed()).isTrue();
        assertThat(ran).isFalse();
        assertThat(plainRan).isFalse();
        assertThat(discarded).hasValue(1);
    }
}
