package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.cli.CompareOptions;
import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.run.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plans and executes the matrix: for each scenario, for each repetition, every client once, in the same order
 * (A B A B ...), so that slow drifts of a shared machine hit every client alike. Each run gets its own queue, result
 * file and log; a failed run is reported, its queue deleted, and the matrix goes on.
 *
 * <p>Not thread-safe: one runner per comparison, used from one thread.
 */
public final class CompareRunner {

    /** Start-up, connection set-up and clean-up of one forked run, for the time estimate. */
    static final Duration RUN_OVERHEAD = Duration.ofMillis(1_500);

    /** Pre-fill speed assumed for the time estimate and the run timeout (messages per second, pessimistic). */
    static final long PREFILL_RATE_ESTIMATE = 20_000;

    private final CompareOptions options;
    private final List<Scenario> scenarios;
    private final List<String> clients;
    private final Path outputDirectory;
    private final RunLauncher launcher;
    private final QueueCleaner cleaner;
    private final PrintStream out;

    /**
     * Creates a runner.
     *
     * @param options the comparison's options (repetitions, durations, broker, timeouts)
     * @param scenarios the scenarios, in table order
     * @param clients the clients, in run order
     * @param outputDirectory where result files and logs go
     * @param launcher executes a run
     * @param cleaner deletes the queue of a failed run
     * @param out where progress goes
     */
    public CompareRunner(
            CompareOptions options,
            List<Scenario> scenarios,
            List<String> clients,
            Path outputDirectory,
            RunLauncher launcher,
            QueueCleaner cleaner,
            PrintStream out) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no client to run: --clients named none that is available");
        }
        this.options = options;
        this.scenarios = List.copyOf(scenarios);
        this.clients = List.copyOf(clients);
        this.outputDirectory = outputDirectory;
        this.launcher = launcher;
        this.cleaner = cleaner;
        this.out = out;
    }

    /**
     * The runs, in execution order.
     *
     * @return one request per scenario, repetition and client
     */
    public List<RunRequest> plan() {
        List<RunRequest> plan = new ArrayList<>();
        int sequence = 1;
        for (Scenario scenario : scenarios) {
            for (int repetition = 1; repetition <= options.repetitions(); repetition++) {
                for (String client : clients) {
                    plan.add(request(sequence++, scenario, client, repetition));
                }
            }
        }
        return plan;
    }

    private RunRequest request(int sequence, Scenario scenario, String client, int repetition) {
        String label = String.format(Locale.ROOT, "%03d-%s-%s-%d", sequence, scenario.name(), client, repetition);
        // The same short length for every run: RabbitMQ delivers from a classic queue whose name is longer than 64
        // bytes at about half the rate here (the routing key, the queue's name, no longer fits an Erlang heap
        // binary), so a name that grows with the client's name would slow the broker for some clients only.
        String queue = String.format(
                Locale.ROOT,
                "perf-test-compare-%03d-%08x",
                sequence,
                ThreadLocalRandom.current().nextInt());
        Path resultFile = outputDirectory.resolve("results").resolve(label + ".properties");
        PerfTestOptions runOptions = scenario.options().toBuilder()
                .client(client)
                .uri(options.uri())
                .id(scenario.name() + "-" + client + "-" + repetition)
                .queue(queue)
                .deleteQueue(true)
                .warmup(options.warmup())
                .timeLimit(options.duration().orElse(scenario.options().timeLimit()))
                .resultFile(resultFile)
                .build();
        Duration timeout = expectedDuration(runOptions).plus(options.runTimeoutSlack());
        return new RunRequest(
                sequence,
                scenario,
                client,
                repetition,
                runOptions,
                resultFile,
                outputDirectory.resolve("logs").resolve(label + ".log"),
                timeout);
    }

    /**
     * How long a run should take when all goes well: start-up, pre-fill, warm-up and measurement.
     *
     * @param options the run's options
     * @return the estimate
     */
    static Duration expectedDuration(PerfTestOptions options) {
        Duration prefill = Duration.ofMillis(options.prefill() * 1000 / PREFILL_RATE_ESTIMATE);
        return RUN_OVERHEAD.plus(prefill).plus(options.warmup()).plus(options.timeLimit());
    }

    /**
     * How long the plan should take.
     *
     * @param plan the runs
     * @return the sum of their expected durations
     */
    public static Duration estimate(List<RunRequest> plan) {
        return plan.stream().map(r -> expectedDuration(r.options())).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * Executes the plan, printing one line per run.
     *
     * @return every run's outcome, in execution order
     */
    public List<RunOutcome> run() {
        List<RunRequest> plan = plan();
        List<RunOutcome> outcomes = new ArrayList<>();
        for (RunRequest request : plan) {
            out.printf(
                    Locale.ROOT,
                    "[%d/%d] %s, %s, run %d/%d ... ",
                    request.sequence(),
                    plan.size(),
                    request.scenario().name(),
                    request.client(),
                    request.repetition(),
                    options.repetitions());
            out.flush();
            RunOutcome outcome = launcher.launch(request);
            outcomes.add(outcome);
            out.println(describe(outcome));
            if (outcome.result() == null) {
                cleaner.deleteQueue(request.client(), request.queue());
            }
        }
        return outcomes;
    }

    static String describe(RunOutcome outcome) {
        RunResult result = outcome.result();
        if (result == null) {
            return "FAILED: " + outcome.failure();
        }
        return String.format(
                Locale.ROOT,
                "%.0f msg/s, p50 %s us, %.2f s CPU/M msg, %.0f B/msg (%.1f s)",
                result.throughput(),
                result.latency().isEmpty()
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f", result.latency().medianMicros()),
                result.cpuSecondsPerMillionMessages(),
                result.allocatedBytesPerMessage(),
                outcome.wallTime().toMillis() / 1000.0);
    }
}
