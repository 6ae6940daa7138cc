package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.retry.backoff.BackOffContext;

/** Pika's {@code @retry(delay=5, jitter=(1, 3))}: 5 s, then each pause grows by 1 to 3 s. */
class JitterBackOffPolicyTest {

    @Test
    void theFirstPauseIsTheDelayAndEachNextGrowsByTheJitter() {
        List<Long> pauses = new ArrayList<>();
        JitterBackOffPolicy policy = new JitterBackOffPolicy(
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3), pauses::add);
        BackOffContext context = policy.start(null);
        for (int i = 0; i < 20; i++) {
            policy.backOff(context);
        }
        assertThat(pauses.get(0)).isEqualTo(5_000L);
        for (int i = 1; i < pauses.size(); i++) {
            assertThat(pauses.get(i) - pauses.get(i - 1)).isBetween(1_000L, 3_000L);
        }
        BackOffContext fresh = policy.start(null);
        policy.backOff(fresh);
        assertThat(pauses.get(pauses.size() - 1))
                .as("each retry sequence starts over")
                .isEqualTo(5_000L);
    }

    @Test
    void rejectsAnInvertedJitterRange() {
        assertThatThrownBy(() ->
                        new JitterBackOffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minJitter");
    }
}
