package dev.pika.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.compare.Scenario;
import dev.pika.benchmarks.compare.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PerfTestArgumentsTest {

    @Test
    void defaultsArePerfTests() {
        PerfTestOptions options = PerfTestArguments.parse();

        assertThat(options.action()).isEqualTo(PerfTestOptions.Action.RUN);
        assertThat(options.client()).isEqualTo("amqp-client");
        assertThat(options.uri()).isEqualTo("amqp://guest:guest@127.0.0.1:5672/%2F");
        assertThat(options.producers()).isEqualTo(1);
        assertThat(options.consumers()).isEqualTo(1);
        assertThat(options.bodySize()).isEqualTo(12);
        assertThat(options.autoAck()).isFalse();
        assertThat(options.prefetch()).isZero();
        assertThat(options.confirmWindow()).isZero();
        assertThat(options.multiAckEvery()).isZero();
        assertThat(options.queue()).isEmpty();
        assertThat(options.timeLimit()).isZero();
        assertThat(options.rate()).isZero();
        assertThat(options.deleteQueue())
                .as("a generated queue is always deleted")
                .isTrue();
        assertThat(PerfTestArguments.format(options)).isEmpty();
    }

    @Test
    void parsesEveryShortFlag() {
        PerfTestOptions options = PerfTestArguments.parse(
                "-x",
                "2",
                "-y",
                "3",
                "-s",
                "1000",
                "-q",
                "50",
                "-c",
                "100",
                "-A",
                "10",
                "-u",
                "q1",
                "-z",
                "7",
                "-C",
                "1000",
                "-D",
                "2000",
                "-r",
                "500",
                "-f",
                "persistent",
                "-f",
                "mandatory",
                "-h",
                "amqp://h:1/v",
                "-d",
                "run-1");

        assertThat(options.producers()).isEqualTo(2);
        assertThat(options.consumers()).isEqualTo(3);
        assertThat(options.bodySize()).isEqualTo(1000);
        assertThat(options.prefetch()).isEqualTo(50);
        assertThat(options.confirmWindow()).isEqualTo(100);
        assertThat(options.multiAckEvery()).isEqualTo(10);
        assertThat(options.queue()).contains("q1");
        assertThat(options.timeLimit()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.producerMessageCount()).isEqualTo(1000);
        assertThat(options.consumerMessageCount()).isEqualTo(2000);
        assertThat(options.rate()).isEqualTo(500.0);
        assertThat(options.persistent()).isTrue();
        assertThat(options.mandatory()).isTrue();
        assertThat(options.uri()).isEqualTo("amqp://h:1/v");
        assertThat(options.id()).contains("run-1");
        assertThat(options.deleteQueue()).as("a given queue is kept by default").isFalse();
    }

    @Test
    void parsesLongFlagsWithSpaceOrEquals() {
        PerfTestOptions options = PerfTestArguments.parse(
                "--producers=4",
                "--consumers",
                "1",
                "--size=64",
                "--autoack",
                "--time",
                "0.5",
                "--client=amqp-client-netty",
                "--uri",
                "amqp://x",
                "--ack-threads",
                "0",
                "--prefill",
                "10",
                "--max-backlog=5000",
                "--warmup=1.25",
                "--result-file",
                "/tmp/r.properties",
                "--quiet");

        assertThat(options.producers()).isEqualTo(4);
        assertThat(options.consumers()).isEqualTo(1);
        assertThat(options.bodySize()).isEqualTo(64);
        assertThat(options.autoAck()).isTrue();
        assertThat(options.timeLimit()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.client()).isEqualTo("amqp-client-netty");
        assertThat(options.prefill()).isEqualTo(10);
        assertThat(options.maxBacklog()).isEqualTo(5000);
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(1250));
        assertThat(options.resultFile()).contains(Path.of("/tmp/r.properties"));
        assertThat(options.quiet()).isTrue();
    }

    @Test
    void negativeConfirmAndRateMeanOffAsInPerfTest() {
        PerfTestOptions options = PerfTestArguments.parse("-c", "-1", "-r", "-1");

        assertThat(options.confirmWindow()).isZero();
        assertThat(options.rate()).isZero();
    }

    @Test
    void helpAndListClientsAreActions() {
        assertThat(PerfTestArguments.parse("--help").action()).isEqualTo(PerfTestOptions.Action.HELP);
        assertThat(PerfTestArguments.parse("-?").action()).isEqualTo(PerfTestOptions.Action.HELP);
        assertThat(PerfTestArguments.parse("--list-clients").action()).isEqualTo(PerfTestOptions.Action.LIST_CLIENTS);
        assertThat(PerfTestArguments.usage()).contains("-x, --producers", "--client", "-f, --flag");
    }

    @Test
    void badCommandLinesNameTheFlag() {
        assertThatThrownBy(() -> PerfTestArguments.parse("--nope"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown flag --nope");
        assertThatThrownBy(() -> PerfTestArguments.parse("-x"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("-x needs a value");
        assertThatThrownBy(() -> PerfTestArguments.parse("-x", "two"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("-x needs a whole number, got 'two'");
        assertThatThrownBy(() -> PerfTestArguments.parse("-q", "70000"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("-q must be between 0 and 65535");
        assertThatThrownBy(() -> PerfTestArguments.parse("-f", "immediate"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'persistent' or 'mandatory'");
        assertThatThrownBy(() -> PerfTestArguments.parse("stray"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> PerfTestArguments.parse("--autoack=yes"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--autoack takes no value");
    }

    @Test
    void combinationsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> PerfTestArguments.parse("-x", "0", "-y", "0")).hasMessageContaining("nothing to run");
        assertThatThrownBy(() -> PerfTestArguments.parse("-a", "-A", "10"))
                .hasMessageContaining("-A (--multi-ack-every) has no effect with -a");
        assertThatThrownBy(() -> PerfTestArguments.parse("-q", "10", "-A", "20"))
                .hasMessageContaining("use -A <= -q");
        assertThatThrownBy(() -> PerfTestArguments.parse("--ack-threads", "4", "-A", "10"))
                .hasMessageContaining("drop -A (--multi-ack-every) or --ack-threads");
        assertThatThrownBy(() -> PerfTestArguments.parse("--ack-threads", "4", "-a"))
                .hasMessageContaining("--ack-threads has nothing to ack");
        assertThatThrownBy(() -> PerfTestArguments.parse("-y", "0", "--max-backlog", "100"))
                .hasMessageContaining("--max-backlog holds producers back until consumers catch up");
        assertThatThrownBy(() -> PerfTestArguments.parse("--max-backlog", "-1")).hasMessageContaining("--max-backlog");
    }

    @Test
    void boundedness() {
        assertThat(PerfTestArguments.parse().isBounded()).isFalse();
        assertThat(PerfTestArguments.parse("-z", "1").isBounded()).isTrue();
        assertThat(PerfTestArguments.parse("-C", "10").isBounded())
                .as("consumers expect what was published")
                .isTrue();
        assertThat(PerfTestArguments.parse("-y", "0", "-C", "10").isBounded()).isTrue();
        assertThat(PerfTestArguments.parse("-x", "0", "--prefill", "10").isBounded())
                .isTrue();
        assertThat(PerfTestArguments.parse("-x", "0").isBounded()).isFalse();
    }

    @Test
    void formatRoundTripsEveryScenarioAndEveryFlag() {
        for (Scenario scenario : Scenarios.all()) {
            PerfTestOptions options = scenario.options();
            assertThat(PerfTestArguments.parse(PerfTestArguments.format(options)))
                    .as(scenario.name())
                    .isEqualTo(options);
        }
        PerfTestOptions everything = PerfTestArguments.parse(
                "--client",
                "fake",
                "--uri",
                "amqp://u:p@h:1/v",
                "--id",
                "i",
                "-x",
                "2",
                "-y",
                "3",
                "-s",
                "5",
                "-q",
                "9",
                "-c",
                "3",
                "-A",
                "4",
                "-u",
                "q",
                "-z",
                "1.5",
                "-C",
                "6",
                "-D",
                "7",
                "-r",
                "2.5",
                "-f",
                "persistent",
                "-f",
                "mandatory",
                "--prefill",
                "8",
                "--max-backlog",
                "9",
                "--warmup",
                "0.25",
                "--delete-queue",
                "--result-file",
                "r.properties",
                "--quiet");
        assertThat(PerfTestArguments.parse(PerfTestArguments.format(everything)))
                .isEqualTo(everything);
        assertThat(PerfTestArguments.format(everything))
                .containsSubsequence("-z", "1.5")
                .containsSubsequence("-r", "2.5")
                .containsSubsequence("--warmup", "0.25")
                .containsSubsequence("--max-backlog", "9")
                .contains("--delete-queue");
    }
}
