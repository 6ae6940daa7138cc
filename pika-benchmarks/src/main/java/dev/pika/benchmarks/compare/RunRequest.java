package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.cli.PerfTestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One run of the matrix: a scenario with a client, its repetition number, the complete PerfTest options (client,
 * broker, unique queue, result file), where its output goes and how long it may take.
 *
 * <p>Immutable.
 *
 * @param sequence the run's position in the plan, from 1
 * @param scenario the scenario
 * @param client the client name
 * @param repetition the repetition, from 1
 * @param options the PerfTest options the run is started with
 * @param resultFile where the run writes its result
 * @param logFile where its console output goes
 * @param timeout how long it may take before it is killed
 */
public record RunRequest(
        int sequence,
        Scenario scenario,
        String client,
        int repetition,
        PerfTestOptions options,
        Path resultFile,
        Path logFile,
        Duration timeout) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException when a field is missing
     */
    public RunRequest {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(resultFile, "resultFile");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The run's queue.
     *
     * @return the unique queue name it declares and deletes
     */
    public String queue() {
        return options.queue().orElseThrow();
    }
}
