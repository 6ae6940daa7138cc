package dev.pika.benchmarks.compare;

/**
 * Executes one run of the matrix and reports how it ended. The production launcher forks a fresh JVM per run
 * ({@link ForkedJvmLauncher}) so that each run's process CPU and allocation belong to its client alone.
 *
 * <p>Called from the runner's thread, one run at a time.
 */
@FunctionalInterface
public interface RunLauncher {

    /**
     * Runs and waits (at most the request's timeout).
     *
     * @param request the run
     * @return its outcome; a launcher reports failures in the outcome rather than throwing
     */
    RunOutcome launch(RunRequest request);
}
