package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    @Test
    void messagesAreDueOneIntervalApart() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        RatePacer pacer = new RatePacer(1000, clock::get); // 1 ms apart

        assertThat(pacer.nanosUntilNext()).as("the first is due at once").isZero();
        pacer.advance();
        assertThat(pacer.nanosUntilNext()).isEqualTo(1_000_000L);
        clock.addAndGet(400_000L);
        assertThat(pacer.nanosUntilNext()).isEqualTo(600_000L);
        clock.addAndGet(600_000L);
        assertThat(pacer.nanosUntilNext()).isZero();
    }

    @Test
    void aLateProducerCatchesUpWithoutWaiting() {
        AtomicLong clock = new AtomicLong();
        RatePacer pacer = new RatePacer(100, clock::get); // 10 ms apart
        pacer.nanosUntilNext();
        clock.addAndGet(50_000_000L); // 50 ms late: 5 messages overdue

        int sentWithoutWaiting = 0;
        while (pacer.nanosUntilNext() == 0) {
            pacer.advance();
            sentWithoutWaiting++;
        }

        assertThat(sentWithoutWaiting).isEqualTo(6);
    }

    @Test
    void awaitNextReturnsFalseWhenStopped() {
        AtomicLong clock = new AtomicLong();
        RatePacer pacer = new RatePacer(0.001, clock::get); // one message per 1000 s
        assertThat(pacer.awaitNext(() -> false)).isTrue();

        assertThat(pacer.awaitNext(() -> true)).isFalse();
    }

    @Test
    void theRateMustBePositive() {
        assertThatThrownBy(() -> new RatePacer(0)).hasMessageContaining("ratePerSecond must be a positive number");
        assertThatThrownBy(() -> new RatePacer(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
