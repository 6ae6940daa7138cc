package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link IoLoop#runOrHandOff}: a parked loop lets the calling thread run the task and flush its writes; the loop is
 * woken only when the task left it work; tasks never overlap the loop or each other.
 */
class IoLoopRunOrHandOffTest extends TransportTestBase {

    @Test
    void aParkedLoopLetsTheCallingThreadRunTheTaskWithoutWakingIt() {
        awaitParked();
        long wakeups = loop.wakeupCount();
        Thread caller = Thread.currentThread();
        AtomicBoolean ownedInside = new AtomicBoolean();
        List<Thread> ranOn = new ArrayList<>();

        boolean inline = loop.runOrHandOff(() -> {
            ranOn.add(Thread.currentThread());
            ownedInside.set(loop.isInLoopThread());
        });

        assertThat(inline).isTrue();
        assertThat(ranOn).containsExactly(caller);
        assertThat(ownedInside).as("isInLoopThread inside the task").isTrue();
        assertThat(loop.isInLoopThread()).as("ownership given back").isFalse();
        assertThat(loop.wakeupCount()).as("selector wake-ups").isEqualTo(wakeups);
        assertThat(loop.isParked()).as("the loop's thread was never woken").isTrue();
        assertThat(Loops.onLoop(loop, () -> Thread.currentThread().getName())).isEqualTo(threadName);
    }

    @Test
    void aBusyLoopGetsTheTaskQueuedBehindEarlierCallbacks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        loop.addCallbackThreadsafe(() -> {
            blocking.countDown();
            awaitLatch(release);
        });
        awaitLatch(blocking);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        loop.addCallbackThreadsafe(() -> order.add("queued first"));

        boolean inline = loop.runOrHandOff(() -> {
            order.add("handed off");
            threads.add(Thread.currentThread().getName());
        });
        release.countDown();

        assertThat(inline).isFalse();
        Loops.awaitCondition("the handed-off task ran", () -> order.size() == 2);
        assertThat(order).containsExactly("queued first", "handed off");
        assertThat(threads).containsExactly(threadName);
    }

    @Test
    void fromInsideALoopCallbackTheTaskIsQueuedForALaterCallback() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        boolean inline = Loops.onLoop(loop, () -> {
            boolean ranInline = loop.runOrHandOff(() -> order.add("task"));
            order.add("callback");
            return ranInline;
        });

        assertThat(inline).isFalse();
        Loops.awaitCondition("the task ran", () -> order.size() == 2);
        assertThat(order).containsExactly("callback", "task");
    }

    @Test
    void aTimerScheduledByAnInlineTaskWakesTheLoopAndRunsOnItsThread() {
        awaitParked(); // no timer: the loop blocks without a deadline
        CompletableFuture<String> fired = new CompletableFuture<>();

        boolean inline = loop.runOrHandOff(() -> loop.callLater(
                Duration.ofMillis(5),
                () -> fired.complete(Thread.currentThread().getName())));

        assertThat(inline).isTrue();
        assertThat(Loops.await(fired)).isEqualTo(threadName);
    }

    @Test
    void aCallbackAddedByAnInlineTaskWakesTheLoop() {
        awaitParked();
        CompletableFuture<String> ran = new CompletableFuture<>();

        assertThat(loop.runOrHandOff(() -> loop.addCallbackThreadsafe(
                        () -> ran.complete(Thread.currentThread().getName()))))
                .isTrue();

        assertThat(Loops.await(ran)).isEqualTo(threadName);
    }

    @Test
    void aStopRequestedByAnInlineTaskEndsTheLoopsThread() {
        awaitParked();

        assertThat(loop.runOrHandOff(loop::stop)).isTrue();

        Loops.awaitCondition("the loop's thread ended", () -> !Loops.threadAlive(threadName));
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void aCloseRequestedByAnInlineTaskReleasesTheLoop() {
        awaitParked();

        assertThat(loop.runOrHandOff(loop::close)).isTrue();

        Loops.awaitCondition("the loop released everything", loop::isClosed);
        assertThatThrownBy(() -> loop.runOrHandOff(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void anInlineTaskThatThrowsIsLoggedAndTheLoopGoesOn() {
        awaitParked();

        assertThat(loop.runOrHandOff(() -> {
                    throw new IllegalStateException("thrown on purpose by the test");
                }))
                .isTrue();

        assertThat(loop.isInLoopThread()).isFalse();
        assertThat(Loops.onLoop(loop, () -> "still running")).isEqualTo("still running");
    }

    @Test
    void whatAnInlineTaskWritesIsOnTheSocketWhenItReturns() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);
        byte[] bytes = randomBytes(300, 7);
        awaitParked();
        long wakeups = loop.wakeupCount();

        assertThat(loop.runOrHandOff(() -> transport.write(bytes, 0, bytes.length)))
                .isTrue();

        assertThat(protocol.awaitReceived(bytes.length)).isEqualTo(bytes);
        assertThat(loop.wakeupCount()).as("selector wake-ups").isEqualTo(wakeups);
        assertThat(Loops.onLoop(loop, transport::writeBufferSize)).isZero();
    }

    @Test
    void aWriteLargerThanTheSocketTakesIsFinishedByTheLoopsThread() throws Exception {
        AtomicLong sunk = new AtomicLong();
        EchoServer server = closeLater(new EchoServer(socket -> {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = socket.getInputStream().read(buffer)) >= 0) {
                sunk.addAndGet(read); // reads, never answers: nothing but the claimer can wake the loop
            }
        }));
        AbstractStreamTransport transport = open(plain(server.address()), new RecordingProtocol());
        byte[] bytes = randomBytes(16 * 1024 * 1024, 11); // more than the socket buffers hold
        awaitParked();

        assertThat(loop.runOrHandOff(() -> transport.write(bytes, 0, bytes.length)))
                .isTrue();

        // The inline flush left bytes behind and asked for OP_WRITE, which a blocked selector sees only once woken.
        Loops.awaitCondition("every byte reached the server", () -> sunk.get() == bytes.length);
        assertThat(Loops.onLoop(loop, transport::writeBufferSize)).isZero();
    }

    @Test
    void tasksFromManyThreadsNeverOverlapTheLoopOrEachOtherAndKeepEachThreadsOrder() throws Exception {
        int threads = 4;
        int tasksPerThread = 20_000;
        AtomicBoolean inside = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        int[] counter = new int[1]; // written only by the loop's owner: exact if ownership is exclusive
        int[][] lastSeen = new int[threads][1];
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger timerRuns = new AtomicInteger();
        AtomicInteger inlineRuns = new AtomicInteger();
        Runnable timerWork = new Runnable() {
            @Override
            public void run() {
                exclusive(inside, overlaps, () -> {
                    counter[0]++;
                    timerRuns.incrementAndGet();
                });
                if (!loop.isClosed()) {
                    loop.callLater(Duration.ofMillis(1), this);
                }
            }
        };
        Loops.onLoop(loop, () -> loop.callLater(Duration.ZERO, timerWork));
        List<Thread> producers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int producer = t;
            Thread thread = new Thread(() -> {
                awaitLatch(start);
                for (int i = 1; i <= tasksPerThread; i++) {
                    int sequence = i;
                    boolean inline = loop.runOrHandOff(() -> exclusive(inside, overlaps, () -> {
                        if (lastSeen[producer][0] != sequence - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[producer][0] = sequence;
                        counter[0]++;
                    }));
                    if (inline) {
                        inlineRuns.incrementAndGet();
                    }
                    if (i % 64 == 0) {
                        Thread.yield(); // let the loop park now and then, so that tasks run both ways
                    }
                }
            });
            producers.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : producers) {
            Loops.join(thread);
        }
        Loops.awaitCondition(
                "every task ran",
                () -> Loops.onLoop(loop, () -> {
                    for (int[] seen : lastSeen) {
                        if (seen[0] != tasksPerThread) {
                            return false;
                        }
                    }
                    return true;
                }));

        assertThat(overlaps)
                .as("tasks that overlapped the loop or another task")
                .hasValue(0);
        assertThat(outOfOrder).as("tasks that ran out of their thread's order").hasValue(0);
        int[] counted = Loops.onLoop(loop, () -> new int[] {counter[0], timerRuns.get()});
        assertThat(counted[1]).as("timer runs").isPositive();
        assertThat(counted[0])
                .as("plain counter updates (exact only if no update was lost)")
                .isEqualTo(threads * tasksPerThread + counted[1]);
        assertThat(inlineRuns).as("tasks run on their callers' threads").hasPositiveValue();
    }

    @Test
    void framesWrittenByManyThreadsWhileTheLoopReadsArriveWholeAndInEachThreadsOrder() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);
        int threads = 4;
        int framesPerThread = 2_000;
        int[] totalBytes = new int[1];
        List<Thread> writers = new ArrayList<>();
        List<byte[][]> framesByThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            java.util.Random random = new java.util.Random(t);
            byte[][] frames = new byte[framesPerThread][];
            for (int i = 0; i < framesPerThread; i++) {
                // [thread][sequence (4 bytes)][length (2 bytes)][payload]: the echo must give every frame back whole
                int length = 1 + random.nextInt(1_500);
                java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(7 + length);
                frame.put((byte) t).putInt(i).putShort((short) length);
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                frames[i] = frame.put(payload).array();
                totalBytes[0] += frames[i].length;
            }
            framesByThread.add(frames);
            writers.add(new Thread(() -> {
                for (byte[] frame : frames) {
                    loop.runOrHandOff(() -> transport.write(frame, 0, frame.length));
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            Loops.join(writer);
        }

        java.nio.ByteBuffer echoed = java.nio.ByteBuffer.wrap(protocol.awaitReceived(totalBytes[0]));
        int[] next = new int[threads];
        while (echoed.hasRemaining()) {
            int thread = echoed.get();
            int sequence = echoed.getInt();
            int length = echoed.getShort();
            byte[] expected = framesByThread.get(thread)[sequence];
            byte[] actual = new byte[7 + length];
            echoed.position(echoed.position() - 7);
            echoed.get(actual);
            assertThat(sequence).as("next frame of thread %d", thread).isEqualTo(next[thread]);
            assertThat(actual).as("frame %d of thread %d", sequence, thread).isEqualTo(expected);
            next[thread]++;
        }
        assertThat(next).containsOnly(framesPerThread);
    }

    private static void exclusive(AtomicBoolean inside, AtomicInteger overlaps, Runnable work) {
        if (!inside.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
        work.run();
        inside.set(false);
    }

    private void awaitParked() {
        Loops.awaitCondition("the loop blocks in its selector", loop::isParked);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(Loops.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + Loops.TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
