package dev.pika.benchmarks.driver.pikaselect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublisherModeTest {

    @Test
    void theSystemPropertyChoosesTheModeAndTheDriverSaysWhichOneRuns() {
        String previous = System.getProperty(PublisherMode.PROPERTY);
        try {
            System.clearProperty(PublisherMode.PROPERTY);
            assertThat(PublisherMode.configured()).isEqualTo(PublisherMode.HANDOFF);
            assertThat(new PikaSelectDriver().description()).contains("from producer threads");

            System.setProperty(PublisherMode.PROPERTY, " Loop ");
            assertThat(PublisherMode.configured()).isEqualTo(PublisherMode.LOOP);
            assertThat(new PikaSelectDriver().description()).contains("on the IoLoop");

            System.setProperty(PublisherMode.PROPERTY, "threads");
            assertThatThrownBy(PublisherMode::configured)
                    .hasMessageContaining("must be 'handoff' or 'loop', got 'threads'");
        } finally {
            if (previous == null) {
                System.clearProperty(PublisherMode.PROPERTY);
            } else {
                System.setProperty(PublisherMode.PROPERTY, previous);
            }
        }
    }
}
