package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResubscribePolicyTest {

    @Test
    void withoutJitterTheWaitsGrowExponentiallyUpToTheMaximum() {
        ResubscribePolicy policy = new ResubscribePolicy(Duration.ofMillis(100), 2.0, Duration.ofMillis(500), 0);

        assertThat(policy.jitter()).isZero();
        assertThat(policy.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delay(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delay(40)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void jitterSpreadsEveryWaitWithinItsFraction() {
        ResubscribePolicy policy =
                new ResubscribePolicy(Duration.ofMillis(1000), 2.0, Duration.ofMillis(4000), 0, 0.25);
        Set<Duration> first = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Duration delay = policy.delay(1);
            assertThat(delay).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
            first.add(delay);
            assertThat(policy.delay(10)).isBetween(Duration.ofMillis(3000), Duration.ofMillis(5000));
        }
        assertThat(first).as("500 waits spread over a 500 ms range").hasSizeGreaterThan(50);
    }

    @Test
    void theDefaultHasTheRecoveryDefaultsJitter() {
        assertThat(ResubscribePolicy.DEFAULT.jitter())
                .isEqualTo(ResubscribePolicy.DEFAULT_JITTER)
                .isEqualTo(0.1);
        assertThat(ResubscribePolicy.DEFAULT.delay(1)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1100));
    }

    @Test
    void aJitterOutsideZeroToOneNamesTheProperty() {
        assertThatThrownBy(() -> new ResubscribePolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pika.recovery.jitter")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new ResubscribePolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0, -0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
