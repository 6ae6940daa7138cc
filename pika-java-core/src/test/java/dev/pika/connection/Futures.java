package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Helpers for futures the engine completes synchronously in tests. */
public final class Futures {

    private Futures() {}

    /** The exception {@code future} failed with; fails the test when it did not fail. */
    public static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).as("future").isCompletedExceptionally();
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("not failed: " + future);
    }
}
