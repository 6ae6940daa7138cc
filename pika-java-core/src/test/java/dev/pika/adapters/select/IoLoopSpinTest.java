package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's spin before sleeping ({@link IoLoopOptions#spinBeforeSleep()}): after a turn that handled I/O it
 * watches its callback queue before it blocks, so that a thread answering that I/O needs no selector wakeup;
 * fruitless spins back off; turns without I/O never spin. A pipe stands in for a socket.
 */
class IoLoopSpinTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** So long that a spin never times out during a test: what happens depends on the queue only. */
    private static final long ENDLESS_SPIN_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String threadName = "pika-io-spin-test-" + NAMES.incrementAndGet();
    private final Pipe pipe = openPipe();
    private IoLoop loop;

    @AfterEach
    void close() throws IOException {
        if (loop != null) {
            loop.close();
        }
        pipe.sink().close();
        pipe.source().close();
        assertThat(Loops.threadAlive(threadName)).as("loop thread left behind").isFalse();
    }

    @Test
    void aCallbackHandedInRightAfterIoIsCaughtBySpinningWithoutAWakeup() {
        loop = new IoLoop(IoLoopOptions.defaults(), ENDLESS_SPIN_NANOS);
        CompletableFuture<Void> read = new CompletableFuture<>();
        register(() -> read.complete(null));
        loop.startInBackground(threadName);
        Loops.awaitCondition("the loop sleeps in its selector", loop::isArmedForWakeup);
        long wakeupsBefore = loop.wakeupCount();

        writeByte(); // I/O: the loop wakes from the selector, not through wakeup()
        Loops.await(read);
        Loops.awaitCondition("the loop spins after the I/O turn", () -> loop.spinCount() == 1);
        CompletableFuture<Void> answered = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> answered.complete(null));
        Loops.await(answered);

        assertThat(loop.spinHitCount()).as("the spin caught the callback").isEqualTo(1);
        assertThat(loop.wakeupCount() - wakeupsBefore)
                .as("a callback caught while spinning needs no selector wakeup")
                .isZero();
    }

    @Test
    void turnsThatOnlyRanCallbacksNeverSpin() {
        loop = new IoLoop(IoLoopOptions.defaults(), ENDLESS_SPIN_NANOS);
        loop.startInBackground(threadName);
        for (int i = 0; i < 3; i++) {
            Loops.onLoop(loop, () -> {});
        }

        // An endless spin would keep the loop from ever arming.
        Loops.awaitCondition("the loop sleeps in its selector", loop::isArmedForWakeup);
        assertThat(loop.spinCount()).isZero();
    }

    @Test
    void fruitlessSpinsBackOffExponentially() {
        loop = new IoLoop(IoLoopOptions.builder()
                .spinBeforeSleep(Duration.ofNanos(50_000))
                .build());
        AtomicInteger reads = new AtomicInteger();
        register(reads::incrementAndGet);
        // Driven turn by turn on this thread, with I/O ready before every turn: each turn after the first follows
        // an I/O turn, and nothing ever answers, so every spin is fruitless.
        long[] spinsAfterTurn = new long[12];
        for (int turn = 0; turn < spinsAfterTurn.length; turn++) {
            writeByte();
            loop.runOnce(Duration.ofSeconds(5));
            spinsAfterTurn[turn] = loop.spinCount();
        }

        assertThat(reads).hasValue(spinsAfterTurn.length);
        assertThat(loop.spinHitCount()).isZero();
        // turn 0 follows no I/O; then spin, skip 1, spin, skip 2, spin, skip 4, spin
        assertThat(spinsAfterTurn).containsExactly(0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4);
    }

    @Test
    void zeroDisablesSpinning() {
        loop = new IoLoop(IoLoopOptions.builder().spinBeforeSleep(Duration.ZERO).build());
        AtomicInteger reads = new AtomicInteger();
        register(reads::incrementAndGet);
        for (int turn = 0; turn < 4; turn++) {
            writeByte();
            loop.runOnce(Duration.ofSeconds(5));
        }

        assertThat(reads).hasValue(4);
        assertThat(loop.spinCount()).isZero();
    }

    /** Registers the pipe's source with the loop (before it runs, any thread may set it up). */
    private void register(Runnable onRead) {
        try {
            pipe.source().configureBlocking(false);
            ByteBuffer buffer = ByteBuffer.allocate(16);
            SelectorHandler handler = readyOps -> {
                buffer.clear();
                try {
                    if (pipe.source().read(buffer) > 0) {
                        onRead.run();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            pipe.source().register(loop.selector(), SelectionKey.OP_READ, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeByte() {
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pipe openPipe() {
        try {
            return Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
