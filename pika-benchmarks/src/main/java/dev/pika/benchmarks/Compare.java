package dev.pika.benchmarks;

import dev.pika.benchmarks.cli.CompareArguments;
import dev.pika.benchmarks.cli.CompareOptions;
import dev.pika.benchmarks.cli.PerfTestArguments;
import dev.pika.benchmarks.cli.UsageException;
import dev.pika.benchmarks.compare.CompareRunner;
import dev.pika.benchmarks.compare.ForkedJvmLauncher;
import dev.pika.benchmarks.compare.MachineInfo;
import dev.pika.benchmarks.compare.QueueCleaner;
import dev.pika.benchmarks.compare.ResultRow;
import dev.pika.benchmarks.compare.ResultTable;
import dev.pika.benchmarks.compare.RunOutcome;
import dev.pika.benchmarks.compare.RunRequest;
import dev.pika.benchmarks.compare.Scenario;
import dev.pika.benchmarks.compare.Scenarios;
import dev.pika.benchmarks.compare.TableFormatter;
import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.ClientRegistry;
import dev.pika.benchmarks.driver.DriverConnection;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison runner's command line: every selected scenario with every available client, alternating clients
 * run by run, each run in a fresh JVM, then one table on the console and in Markdown.
 *
 * <pre>
 * pika-benchmarks/bin/compare                          # the whole matrix, every available client
 * pika-benchmarks/bin/compare -s 'drain-*' -n 5 -z 5   # drain scenarios, 5 runs each, 5 s measured
 * </pre>
 *
 * <p>Exit status: 0 when every run succeeded, 1 when some failed, 2 for a usage error. Not reentrant.
 */
public final class Compare {

    /** System property naming the benchmark module's directory; the default output goes under its target. */
    public static final String HOME_PROPERTY = "pika.bench.home";

    private Compare() {}

    /**
     * Runs the comparison and exits the JVM with its status.
     *
     * @param args the command line; {@code --help} lists the flags
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the comparison without exiting.
     *
     * @param args the command line
     * @param out where progress and the table go
     * @param err where usage errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CompareOptions options;
        List<Scenario> scenarios;
        try {
            options = CompareArguments.parse(args);
            scenarios = Scenarios.select(options.scenarios());
        } catch (UsageException e) {
            err.println("compare: " + e.getMessage());
            return PerfTest.EXIT_USAGE;
        }
        switch (options.action()) {
            case HELP -> {
                out.print(CompareArguments.usage());
                return PerfTest.EXIT_OK;
            }
            case LIST -> {
                scenarios.forEach(s ->
                        out.printf(Locale.ROOT, "%-22s %s%n%-22s   %s%n", s.name(), s.description(), "", s.options()));
                return PerfTest.EXIT_OK;
            }
            case RUN, DRY_RUN -> {}
        }
        ClientRegistry registry = ClientRegistry.load();
        List<String> clients;
        try {
            clients = selectClients(options, registry, out);
        } catch (UsageException e) {
            err.println("compare: " + e.getMessage());
            return PerfTest.EXIT_USAGE;
        }
        Path outputDirectory = options.outputDirectory().orElseGet(Compare::defaultOutputDirectory);
        ForkedJvmLauncher launcher = new ForkedJvmLauncher(
                options.javaExecutable().orElseGet(ForkedJvmLauncher::currentJava),
                options.jvmArgs(),
                System.getProperty("java.class.path"));
        CompareRunner runner = new CompareRunner(
                options, scenarios, clients, outputDirectory, launcher, cleaner(registry, options, err), out);
        List<RunRequest> plan = runner.plan();
        MachineInfo machine = MachineInfo.current();
        out.println("machine: " + machine.describe());
        out.printf(
                Locale.ROOT,
                "%d scenarios x %d clients (%s) x %d repetitions = %d runs, estimated %s; output in %s%n",
                scenarios.size(),
                clients.size(),
                String.join(", ", clients),
                options.repetitions(),
                plan.size(),
                minutes(CompareRunner.estimate(plan)),
                outputDirectory);
        if (options.action() == CompareOptions.Action.DRY_RUN) {
            plan.forEach(request -> out.printf(
                    Locale.ROOT,
                    "[%d] perf-test %s%n",
                    request.sequence(),
                    String.join(" ", PerfTestArguments.format(request.options()))));
            return PerfTest.EXIT_OK;
        }
        List<RunOutcome> outcomes = runner.run();
        List<ResultRow> rows =
                ResultTable.rows(scenarios.stream().map(Scenario::name).toList(), clients, outcomes);
        out.println();
        out.print(TableFormatter.text(rows));
        String markdown = markdown(options, args, machine, registry, clients, scenarios, outcomes, rows);
        writeMarkdown(outputDirectory.resolve("results.md"), markdown, out);
        options.markdownFile().ifPresent(file -> writeMarkdown(file, markdown, out));
        boolean allSucceeded = outcomes.stream().allMatch(o -> o.result() != null);
        return allSucceeded ? PerfTest.EXIT_OK : PerfTest.EXIT_FAILED;
    }

    /**
     * {@code target/compare-<time>} under the module ({@value #HOME_PROPERTY}, set by {@code bin/compare}) or the
     * working directory.
     */
    private static Path defaultOutputDirectory() {
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home == null ? Path.of("target") : Path.of(home, "target");
        return base.resolve("compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private static List<String> selectClients(CompareOptions options, ClientRegistry registry, PrintStream out) {
        registry.unavailable().forEach((name, reason) -> out.println("client " + name + " is unavailable: " + reason));
        if (options.clients().isEmpty()) {
            return registry.names();
        }
        List<String> clients = new ArrayList<>();
        for (String client : options.clients()) {
            if (registry.isAvailable(client)) {
                clients.add(client);
            } else if (!registry.unavailable().containsKey(client)) {
                throw new UsageException("--clients: unknown client '" + client + "'; available: "
                        + String.join(", ", registry.names()));
            }
        }
        if (clients.isEmpty()) {
            throw new UsageException("--clients: none of " + options.clients() + " is available; available: "
                    + String.join(", ", registry.names()));
        }
        return clients;
    }

    private static QueueCleaner cleaner(ClientRegistry registry, CompareOptions options, PrintStream err) {
        return (client, queue) -> {
            try {
                ClientDriver driver = registry.driver(client);
                try (DriverConnection connection = driver.connect(options.uri(), "perf-test-compare-cleanup")) {
                    connection.deleteQueue(queue);
                }
            } catch (RuntimeException e) {
                System.err.println(
                        "compare: could not delete queue " + queue + " after a failed run: " + e.getMessage());
            }
        };
    }

    static String markdown(
            CompareOptions options,
            String[] args,
            MachineInfo machine,
            ClientRegistry registry,
            List<String> clients,
            List<Scenario> scenarios,
            List<RunOutcome> outcomes,
            List<ResultRow> rows) {
        String server = outcomes.stream()
                .filter(o -> o.result() != null)
                .map(o -> o.result().server())
                .findFirst()
                .orElse("unknown");
        StringBuilder text = new StringBuilder();
        text.append("### Comparison, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append("\n\n");
        text.append("- Machine: ").append(machine.describe()).append('\n');
        text.append("- Broker: ").append(server).append(", same host\n");
        text.append("- Clients: ");
        List<String> described = new ArrayList<>();
        for (String client : clients) {
            described.add("`" + client + "` (" + registry.driver(client).description() + ")");
        }
        text.append(String.join(", ", described)).append('\n');
        if (!registry.unavailable().isEmpty()) {
            text.append("- Unavailable: ")
                    .append(String.join(
                            ", ",
                            registry.unavailable().keySet().stream()
                                    .map(n -> "`" + n + "`")
                                    .toList()))
                    .append('\n');
        }
        text.append(String.format(
                Locale.ROOT,
                "- Method: %d run(s) per scenario and client, clients alternating run by run, each run in a fresh JVM "
                        + "(`%s`); %s s warm-up, then %s measured; medians of the runs\n",
                options.repetitions(),
                String.join(" ", options.jvmArgs()),
                seconds(options.warmup()),
                options.duration().map(d -> seconds(d) + " s").orElse("each scenario's own duration")));
        text.append("- Command: `compare ").append(String.join(" ", args)).append("`\n\n");
        text.append(TableFormatter.markdown(rows)).append('\n');
        text.append("| scenario | what it runs | PerfTest flags | what limits it |\n| --- | --- | --- | --- |\n");
        for (Scenario scenario : scenarios) {
            text.append("| ")
                    .append(scenario.name())
                    .append(" | ")
                    .append(scenario.description())
                    .append(" | `")
                    .append(scenario.options())
                    .append("` | ")
                    .append(scenario.limitedBy())
                    .append(" |\n");
        }
        return text.toString();
    }

    private static void writeMarkdown(Path file, String markdown, PrintStream out) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
            out.println("Markdown table written to " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String minutes(Duration duration) {
        return String.format(Locale.ROOT, "%.1f min", duration.toMillis() / 60_000.0);
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3)
                .stripTrailingZeros()
                .toPlainString();
    }
}
