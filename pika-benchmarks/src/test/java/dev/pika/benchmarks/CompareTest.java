package dev.pika.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison end to end with the fake driver: forked runs, the table, the Markdown file. */
class CompareTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private int compare(String... args) {
        return Compare.run(
                args,
                new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheMatrixInFreshJvmsAndWritesOneTable() throws Exception {
        Path markdownCopy = directory.resolve("copy/table.md");

        int status = compare(
                "-s", "publish,drain-ack-q1",
                "-c", "fake",
                "-n", "2",
                "-z", "0.3",
                "--warmup", "0",
                "-o", directory.toString(),
                "--markdown", markdownCopy.toString(),
                "--run-timeout", "30",
                "--jvm-args", "-Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

        assertThat(status).as(printed() + errors).isEqualTo(PerfTest.EXIT_OK);
        assertThat(printed())
                .contains("2 scenarios x 1 clients (fake) x 2 repetitions = 4 runs")
                .contains("[4/4] drain-ack-q1, fake, run 2/2 ... ")
                .containsPattern("publish +fake +2/2 +\\d+")
                .containsPattern("drain-ack-q1 +fake +2/2 +\\d+");
        try (var results = Files.list(directory.resolve("results"))) {
            assertThat(results.count()).isEqualTo(4);
        }
        String markdown = Files.readString(directory.resolve("results.md"));
        assertThat(markdown)
                .contains("- Broker: FakeBroker 1.0, same host")
                .doesNotContain("- Unavailable:")
                .contains("| publish | fake | 2/2 |")
                .contains("| drain-ack-q1 | drain, manual ack per message, prefetch 1 |");
        assertThat(Files.readString(markdownCopy)).isEqualTo(markdown);
    }

    @Test
    void aFailingClientIsReportedAndTheExitStatusSaysSo() {
        int status = compare(
                "-s", "publish",
                "-c", "fake-failing",
                "-n", "1",
                "-z", "0.3",
                "-o", directory.toString(),
                "--jvm-args", "-Xmx64m -XX:TieredStopAtLevel=1");

        assertThat(status).isEqualTo(PerfTest.EXIT_FAILED);
        assertThat(printed())
                .contains("FAILED: ")
                .contains("Failed (no successful run):")
                .contains("publish, fake-failing: ");
    }

    @Test
    void dryRunListAndHelpRunNothing() {
        assertThat(compare("--dry-run", "-s", "size-*", "-c", "fake", "-n", "1", "-o", directory.toString()))
                .isZero();
        assertThat(printed())
                .contains("3 scenarios x 1 clients (fake) x 1 repetitions = 3 runs, estimated")
                .contains("[1] perf-test --client fake --id size-1k-fake-1 -s 1024 -q 1000 -c 1000");
        assertThat(directory.resolve("results")).doesNotExist();

        assertThat(compare("--list")).isZero();
        assertThat(printed()).contains("worker-acks-4").contains("--ack-threads 4");
        assertThat(compare("--help")).isZero();
        assertThat(printed()).contains("Usage: compare");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(compare("-c", "nope")).isEqualTo(PerfTest.EXIT_USAGE);
        assertThat(compare("-s", "nope")).isEqualTo(PerfTest.EXIT_USAGE);
        assertThat(errors.toString(StandardCharsets.UTF_8))
                .contains("unknown client 'nope'")
                .contains("no scenario matches 'nope'");
    }
}
