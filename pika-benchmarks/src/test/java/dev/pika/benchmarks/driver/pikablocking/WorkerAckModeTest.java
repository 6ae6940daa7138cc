package dev.pika.benchmarks.driver.pikablocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerAckModeTest {

    @Test
    void thePropertyValueChoosesTheModeAndTheDriverSaysWhichOneRuns() {
        assertThat(WorkerAckMode.parse(null)).isEqualTo(WorkerAckMode.CALLBACK);
        assertThat(WorkerAckMode.parse("  ")).isEqualTo(WorkerAckMode.CALLBACK);
        assertThat(WorkerAckMode.parse(" Direct ")).isEqualTo(WorkerAckMode.DIRECT);
        assertThat(WorkerAckMode.parse("callback")).isEqualTo(WorkerAckMode.CALLBACK);
        assertThatThrownBy(() -> WorkerAckMode.parse("loop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "-Dpika.benchmarks.blocking.workerAcks must be 'callback' or 'direct', got 'loop'");

        assertThat(new PikaBlockingDriver(WorkerAckMode.CALLBACK).description())
                .contains("BlockingConnection")
                .contains("pipelined basicPublishConfirmed above")
                .contains("addCallbackThreadsafe");
        assertThat(new PikaBlockingDriver(WorkerAckMode.DIRECT).description())
                .contains("basicAck on the worker thread");
        assertThat(new PikaBlockingDriver().name()).isEqualTo("pika-blocking");
    }
}
