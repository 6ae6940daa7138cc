package dev.pika.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.run.RunResultFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfTestTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private int perfTest(String... args) {
        return PerfTest.run(
                args,
                new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    @Test
    void runsAndWritesTheResultFile() {
        Path resultFile = directory.resolve("result.properties");

        int status = perfTest("--client", "fake", "-C", "100", "-z", "30", "--result-file", resultFile.toString());

        assertThat(status).isEqualTo(PerfTest.EXIT_OK);
        RunResult result = RunResultFile.read(resultFile);
        assertThat(result.counts().received()).isEqualTo(100);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("summary: client fake");
    }

    @Test
    void helpAndClientList() {
        assertThat(perfTest("--help")).isZero();
        assertThat(perfTest("--list-clients")).isZero();

        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("Usage: perf-test")
                .contains("amqp-client        available")
                .contains("pika-select        available")
                .contains("pika-select-loop   available")
                .contains("pika-blocking      available")
                .contains("pika-listener      available");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() {
        assertThat(perfTest("-x", "many")).isEqualTo(PerfTest.EXIT_USAGE);
        assertThat(perfTest("--client", "nope")).isEqualTo(PerfTest.EXIT_USAGE);

        assertThat(errors.toString(StandardCharsets.UTF_8))
                .contains("perf-test: -x needs a whole number, got 'many'")
                .contains("perf-test: unknown client 'nope'");
    }
}
