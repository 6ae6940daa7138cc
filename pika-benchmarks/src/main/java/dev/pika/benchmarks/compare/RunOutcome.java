package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.run.RunResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one run ended: its result, or why there is none.
 *
 * <p>Immutable.
 *
 * @param request the run
 * @param result what it measured, or {@code null} when it failed
 * @param failure why it failed, or {@code null} when it succeeded
 * @param wallTime how long the run took, JVM start to exit
 */
public record RunOutcome(RunRequest request, RunResult result, String failure, Duration wallTime) {

    /**
     * Checks that exactly one of result and failure is present.
     *
     * @throws IllegalArgumentException otherwise
     */
    public RunOutcome {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(wallTime, "wallTime");
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("a run outcome has either a result or a failure");
        }
    }

    /**
     * A successful run.
     *
     * @param request the run
     * @param result what it measured
     * @param wallTime how long it took
     * @return the outcome
     */
    public static RunOutcome succeeded(RunRequest request, RunResult result, Duration wallTime) {
        return new RunOutcome(request, result, null, wallTime);
    }

    /**
     * A failed run.
     *
     * @param request the run
     * @param failure why
     * @param wallTime how long it took
     * @return the outcome
     */
    public static RunOutcome failed(RunRequest request, String failure, Duration wallTime) {
        return new RunOutcome(request, null, failure, wallTime);
    }

    /**
     * The result, when the run succeeded.
     *
     * @return the result, or empty
     */
    public Optional<RunResult> resultIfSucceeded() {
        return Optional.ofNullable(result);
    }
}
