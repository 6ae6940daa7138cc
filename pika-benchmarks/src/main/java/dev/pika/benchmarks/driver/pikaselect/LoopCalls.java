package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.adapters.select.IoLoop;
import dev.pika.benchmarks.driver.DriverException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs set-up work on a connection's loop from the benchmark's threads and waits for it, bounded: the way a
 * synchronous caller uses the asynchronous API (hand the call in with {@code addCallbackThreadsafe}, wait for the
 * future it returns). Never used on the hot path.
 *
 * <p>Stateless and thread-safe; never call it on the loop's own thread (it would wait for itself).
 */
final class LoopCalls {

    private LoopCalls() {}

    /**
     * Calls {@code call} on the loop and waits for its result.
     *
     * @param loop the loop
     * @param what the call, for error messages
     * @param timeout the longest wait
     * @param call what to run on the loop
     * @return what it returned
     * @throws DriverException when it threw, or the wait timed out
     */
    static <T> T call(IoLoop loop, String what, Duration timeout, Supplier<T> call) {
        return await(loop, what, timeout, () -> CompletableFuture.completedFuture(call.get()));
    }

    /**
     * Calls {@code call} on the loop and waits for the future it returns to complete.
     *
     * @param loop the loop
     * @param what the call, for error messages
     * @param timeout the longest wait
     * @param call what to run on the loop: starts an operation and returns its future
     * @return the future's value
     * @throws DriverException when the call threw, the future failed, or the wait timed out
     */
    static <T> T await(IoLoop loop, String what, Duration timeout, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.addCallbackThreadsafe(() -> {
                try {
                    call.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException closedLoop) {
            throw new DriverException("pika-select could not " + what + ": " + closedLoop.getMessage(), closedLoop);
        }
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DriverException("pika-select could not " + what + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new DriverException("pika-select could not " + what + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while waiting to " + what, e);
        }
    }
}
