package dev.pika.testing.rabbitmqctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void capturesBothStreamsAndTheExitStatus() {
        CommandResult result =
                ProcessRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void aCommandThatRunsTooLongIsKilledAndReported() {
        long started = System.nanoTime();

        assertThatThrownBy(() ->
                        ProcessRunner.run(List.of("sh", "-c", "echo waiting >&2; sleep 30"), Duration.ofMillis(500)))
                .isInstanceOf(RabbitMqCtlException.class)
                .hasMessageContaining("did not finish within 500 ms")
                .hasMessageContaining("waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aMissingProgramIsReported() {
        assertThatThrownBy(() -> ProcessRunner.run(List.of("/nonexistent/rabbitmqctl"), Duration.ofSeconds(5)))
                .isInstanceOf(RabbitMqCtlException.class)
                .hasMessageContaining("could not start /nonexistent/rabbitmqctl");
    }
}
