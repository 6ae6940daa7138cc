package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Test helpers: run code on a loop's thread and wait for conditions, always with a bound. */
final class Loops {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Loops() {}

    /** Runs {@code task} on the loop's thread and returns its result (rethrowing what it threw). */
    static <T> T onLoop(IoLoop loop, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return await(result);
    }

    static void onLoop(IoLoop loop, Runnable task) {
        onLoop(loop, () -> {
            task.run();
            return null;
        });
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("not completed within " + TIMEOUT, e);
        }
    }

    /** Waits until {@code condition} holds, polling; fails after {@link #TIMEOUT}. */
    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static void join(Thread thread) {
        try {
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
    }

    /** Whether a live thread of the JVM has this name. */
    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }
}
