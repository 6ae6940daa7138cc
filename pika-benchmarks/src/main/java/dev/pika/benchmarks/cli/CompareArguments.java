package dev.pika.benchmarks.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the comparison runner's command line.
 *
 * <p>Stateless and thread-safe.
 */
public final class CompareArguments {

    private CompareArguments() {}

    /**
     * Parses a command line.
     *
     * @param arguments the arguments, as given to {@code main}
     * @return the options
     * @throws UsageException for an unknown flag or a bad value
     */
    public static CompareOptions parse(String... arguments) {
        CompareOptions.Builder builder = CompareOptions.builder();
        ArgumentCursor cursor = new ArgumentCursor(Arrays.asList(arguments));
        while (cursor.hasNext()) {
            String flag = cursor.nextFlag();
            switch (flag) {
                case "--scenarios", "-s" -> builder.scenarios(list(cursor.string()));
                case "--clients", "-c" -> builder.clients(list(cursor.string()));
                case "--repetitions", "-n" -> builder.repetitions(cursor.integer(1, 1_000));
                case "--duration", "-z" -> builder.duration(cursor.seconds());
                case "--warmup" -> builder.warmup(cursor.seconds());
                case "--uri", "-h" -> builder.uri(cursor.string());
                case "--output-dir", "-o" -> builder.outputDirectory(Path.of(cursor.string()));
                case "--markdown" -> builder.markdownFile(Path.of(cursor.string()));
                case "--jvm-args" -> builder.jvmArgs(words(cursor.string()));
                case "--java" -> builder.javaExecutable(Path.of(cursor.string()));
                case "--run-timeout" -> builder.runTimeoutSlack(cursor.seconds());
                case "--dry-run" -> {
                    cursor.expectNoValue();
                    builder.action(CompareOptions.Action.DRY_RUN);
                }
                case "--list" -> {
                    cursor.expectNoValue();
                    builder.action(CompareOptions.Action.LIST);
                }
                case "--help", "-?" -> {
                    cursor.expectNoValue();
                    builder.action(CompareOptions.Action.HELP);
                }
                default -> throw new UsageException("unknown flag " + flag + "; see --help");
            }
        }
        return builder.build();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * The usage text for {@code --help}.
     *
     * @return the text
     */
    public static String usage() {
        return """
                Usage: compare [options]   (dev.pika.benchmarks.Compare)

                Runs every scenario with every available client, alternating clients run by run
                (A B A B ...), each run in a fresh JVM against the same broker, and prints one table:
                msg/s (median of runs), latency p50/p95/p99, client CPU seconds per million messages,
                bytes allocated per message, threads, heap and RSS, and the ratios to amqp-client.

                  -s, --scenarios LIST      comma-separated names or prefix* patterns (default: all; see --list)
                  -c, --clients LIST        comma-separated clients in run order (default: every available one)
                  -n, --repetitions N       runs per scenario and client (default 3)
                  -z, --duration SECONDS    measured time of every run (default: each scenario's own)
                      --warmup SECONDS      unmeasured time before each measurement (default 1)
                  -h, --uri URI             the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
                  -o, --output-dir DIR      run logs, result files and results.md (default target/compare-<time>)
                      --markdown FILE       also write the Markdown table to FILE
                      --jvm-args "ARGS"     options of the forked JVMs (default "-Xms256m -Xmx1g")
                      --java PATH           the java executable to fork (default: this JVM's)
                      --run-timeout SECONDS how long a run may overrun before it is killed (default 60)
                      --dry-run             print the planned runs and the estimated time, run nothing
                      --list                list the scenarios
                  -?, --help                this text
                """;
    }
}
