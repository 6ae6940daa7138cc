package dev.pika.benchmarks;

import dev.pika.benchmarks.cli.PerfTestArguments;
import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.cli.UsageException;
import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.ClientRegistry;
import dev.pika.benchmarks.run.BenchmarkRun;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.run.RunResultFile;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The PerfTest command line: RabbitMQ PerfTest's main flags, run with the client chosen by {@code --client}.
 *
 * <pre>
 * pika-benchmarks/bin/perf-test --client amqp-client -x 1 -y 1 -s 100 -q 500 -z 10
 * </pre>
 *
 * <p>Exit status: 0 when the run completed, 1 when it failed, 2 for a usage error. Not reentrant: a process runs
 * one {@code main}.
 */
public final class PerfTest {

    /** Exit status of a completed run. */
    public static final int EXIT_OK = 0;

    /** Exit status of a failed run. */
    public static final int EXIT_FAILED = 1;

    /** Exit status of a usage error. */
    public static final int EXIT_USAGE = 2;

    private PerfTest() {}

    /**
     * Runs PerfTest and exits the JVM with its status.
     *
     * @param args the command line; {@code --help} lists the flags
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs PerfTest without exiting.
     *
     * @param args the command line
     * @param out where the lines go
     * @param err where usage errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PerfTestOptions options;
        try {
            options = PerfTestArguments.parse(args);
        } catch (UsageException e) {
            err.println("perf-test: " + e.getMessage());
            return EXIT_USAGE;
        }
        ClientRegistry registry = ClientRegistry.load();
        switch (options.action()) {
            case HELP -> {
                out.print(PerfTestArguments.usage());
                return EXIT_OK;
            }
            case LIST_CLIENTS -> {
                out.println("clients:");
                registry.describe().forEach(out::println);
                return EXIT_OK;
            }
            case RUN -> {}
        }
        if (!options.isBounded()) {
            out.println("perf-test: no time or message limit: running until interrupted (Ctrl-C)");
        }
        ClientDriver driver;
        try {
            driver = registry.driver(options.client());
        } catch (IllegalArgumentException e) {
            err.println("perf-test: " + e.getMessage());
            return EXIT_USAGE;
        }
        RunResult result;
        try (driver) {
            BenchmarkRun run = new BenchmarkRun(options, driver, out);
            Thread hook = new Thread(
                    () -> {
                        run.requestStop();
                        run.awaitFinished(Duration.ofSeconds(30));
                    },
                    "perf-test-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                result = run.execute();
            } finally {
                removeHook(hook);
            }
        }
        options.resultFile().ifPresent(file -> RunResultFile.write(file, result));
        return result.succeeded() ? EXIT_OK : EXIT_FAILED;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and waits for the run.
        }
    }
}
