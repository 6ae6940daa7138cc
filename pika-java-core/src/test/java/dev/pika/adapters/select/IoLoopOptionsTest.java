package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IoLoopOptionsTest {

    @Test
    void defaultsSpinTenMicrosecondsBeforeSleeping() {
        assertThat(IoLoopOptions.defaults().spinBeforeSleep()).isEqualTo(Duration.ofNanos(10_000));
        assertThat(IoLoopOptions.builder().build()).isEqualTo(IoLoopOptions.defaults());
    }

    @Test
    void aSpinBeyondTheBoundOrNegativeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> IoLoopOptions.builder()
                        .spinBeforeSleep(Duration.ofMillis(2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spinBeforeSleep")
                .hasMessageContaining("PT0.001S");
        assertThatThrownBy(() -> IoLoopOptions.builder()
                        .spinBeforeSleep(Duration.ofNanos(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spinBeforeSleep");
        assertThatThrownBy(() -> IoLoopOptions.builder().spinBeforeSleep(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Duration.ZERO");
    }

    @Test
    void toBuilderKeepsTheSpin() {
        IoLoopOptions options =
                IoLoopOptions.builder().spinBeforeSleep(Duration.ofNanos(2_000)).build();

        assertThat(options.toBuilder().readBufferSize(8192).build().spinBeforeSleep())
                .isEqualTo(Duration.ofNanos(2_000));
    }
}
