package dev.pika.examples.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pika's reconnect delay: +1 s per attempt that never consumed, capped at 30 s, back to 0 after consuming. */
class ReconnectDelayTest {

    @Test
    void growsByOneSecondUpToThirtyAndResetsAfterAConsumingConnection() {
        ReconnectDelay delay = new ReconnectDelay();
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            seconds.add(delay.next(false).toSeconds());
        }

        assertThat(seconds.subList(0, 3)).containsExactly(1L, 2L, 3L);
        assertThat(seconds.get(29)).isEqualTo(30L);
        assertThat(seconds.subList(30, 32)).containsExactly(30L, 30L);
        assertThat(delay.next(true)).isEqualTo(Duration.ZERO);
        assertThat(delay.next(false)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCustomStepAndCapAreChecked() {
        ReconnectDelay delay = new ReconnectDelay(Duration.ofMillis(400), Duration.ofSeconds(1));

        assertThat(List.of(delay.next(false), delay.next(false), delay.next(false)))
                .containsExactly(Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new ReconnectDelay(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step must be positive");
    }

    @Test
    void topologyNamesAreRequired() {
        assertThat(ExampleTopology.DEFAULT).isEqualTo(new ExampleTopology("message", "text", "example.text"));
        assertThatThrownBy(() -> new ExampleTopology("", "q", "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be named");
    }
}
