package dev.pika.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareArgumentsTest {

    @Test
    void defaults() {
        CompareOptions options = CompareArguments.parse();

        assertThat(options.action()).isEqualTo(CompareOptions.Action.RUN);
        assertThat(options.scenarios()).isEmpty();
        assertThat(options.clients()).isEmpty();
        assertThat(options.repetitions()).isEqualTo(3);
        assertThat(options.duration()).isEmpty();
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.jvmArgs()).containsExactly("-Xms256m", "-Xmx1g");
        assertThat(options.outputDirectory()).isEmpty();
        assertThat(options.runTimeoutSlack()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void parsesEveryFlag() {
        CompareOptions options = CompareArguments.parse(
                "--scenarios",
                "publish, drain-*",
                "--clients=amqp-client,amqp-client-netty",
                "-n",
                "5",
                "-z",
                "2.5",
                "--warmup",
                "0",
                "--uri",
                "amqp://other",
                "-o",
                "/tmp/out",
                "--markdown",
                "BENCHMARKS-table.md",
                "--jvm-args",
                " -Xmx2g  -XX:+UseParallelGC ",
                "--java",
                "/opt/jdk/bin/java",
                "--run-timeout",
                "30");

        assertThat(options.scenarios()).containsExactly("publish", "drain-*");
        assertThat(options.clients()).containsExactly("amqp-client", "amqp-client-netty");
        assertThat(options.repetitions()).isEqualTo(5);
        assertThat(options.duration()).contains(Duration.ofMillis(2500));
        assertThat(options.warmup()).isZero();
        assertThat(options.uri()).isEqualTo("amqp://other");
        assertThat(options.outputDirectory()).contains(Path.of("/tmp/out"));
        assertThat(options.markdownFile()).contains(Path.of("BENCHMARKS-table.md"));
        assertThat(options.jvmArgs()).isEqualTo(List.of("-Xmx2g", "-XX:+UseParallelGC"));
        assertThat(options.javaExecutable()).contains(Path.of("/opt/jdk/bin/java"));
        assertThat(options.runTimeoutSlack()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void actions() {
        assertThat(CompareArguments.parse("--dry-run").action()).isEqualTo(CompareOptions.Action.DRY_RUN);
        assertThat(CompareArguments.parse("--list").action()).isEqualTo(CompareOptions.Action.LIST);
        assertThat(CompareArguments.parse("--help").action()).isEqualTo(CompareOptions.Action.HELP);
        assertThat(CompareArguments.usage()).contains("--scenarios", "--repetitions", "--dry-run");
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> CompareArguments.parse("-n", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("-n must be between 1 and 1000");
        assertThatThrownBy(() -> CompareArguments.parse("--duration", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--duration must be positive");
        assertThatThrownBy(() -> CompareArguments.parse("--bogus"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown flag --bogus");
    }
}
