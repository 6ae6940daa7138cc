package dev.pika.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.benchmarks.cli.PerfTestArguments;
import dev.pika.benchmarks.cli.PerfTestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs (this test's class path, the in-memory fake driver): results, failures, timeouts. */
class ForkedJvmLauncherTest {

    private static final List<String> SMALL_JVM = List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path directory;

    private final ForkedJvmLauncher launcher = ForkedJvmLauncher.forCurrentJvm(SMALL_JVM);

    private RunRequest request(String client, Duration timeout, String... extra) {
        Path resultFile = directory.resolve("results/" + client + ".properties");
        PerfTestOptions options = PerfTestArguments.parse(extra).toBuilder()
                .client(client)
                .queue("forked-" + client)
                .deleteQueue(true)
                .resultFile(resultFile)
                .build();
        Scenario scenario = new Scenario(
                "forked",
                "test",
                PerfTestOptions.builder().timeLimit(Duration.ofSeconds(1)).build(),
                "-");
        return new RunRequest(
                1, scenario, client, 1, options, resultFile, directory.resolve("logs/" + client + ".log"), timeout);
    }

    @Test
    void aRunInAFreshJvmReportsItsResult() throws Exception {
        RunRequest request =
                request("fake", Duration.ofSeconds(60), "-x", "1", "-y", "1", "-C", "2000", "-c", "50", "-z", "20");

        RunOutcome outcome = launcher.launch(request);

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result().client()).isEqualTo("fake");
        assertThat(outcome.result().pid())
                .as("its own process")
                .isNotEqualTo(ProcessHandle.current().pid());
        assertThat(outcome.result().counts().received()).isEqualTo(2000);
        assertThat(outcome.result().cpuNanos()).isPositive();
        assertThat(Files.readString(request.logFile())).contains("summary: client fake");
        assertThat(launcher.command(request))
                .startsWith(ForkedJvmLauncher.currentJava().toString(), "-Xmx64m")
                .contains("-cp", "dev.pika.benchmarks.PerfTest", "--client", "fake", "--result-file");
    }

    @Test
    void aFailedRunReportsItsError() {
        RunOutcome outcome = launcher.launch(request("fake-failing", Duration.ofSeconds(60), "-y", "0", "-z", "20"));

        assertThat(outcome.result()).isNull();
        assertThat(outcome.failure()).contains("connection reset by peer (simulated)");
    }

    @Test
    void aRunThatCannotStartReportsTheLog() {
        RunOutcome outcome = launcher.launch(request("no-such-client", Duration.ofSeconds(60), "-z", "1"));

        assertThat(outcome.failure())
                .contains("exited with status 2 and no result")
                .contains("unknown client 'no-such-client'");
    }

    @Test
    void aRunThatHangsIsKilledAtItsTimeout() {
        RunOutcome outcome = launcher.launch(request("fake-stuck", Duration.ofSeconds(3), "-z", "1"));

        assertThat(outcome.failure()).startsWith("timed out after 3 s and was killed");
        assertThat(outcome.wallTime()).isLessThan(Duration.ofSeconds(30));
    }
}
