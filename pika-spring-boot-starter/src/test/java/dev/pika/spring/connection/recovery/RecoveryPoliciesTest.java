package dev.pika.spring.connection.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ProbableAccessDeniedException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.exceptions.StreamLostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.support.RetryTemplate;

class RecoveryPoliciesTest {

    @Test
    void authenticationAndAccessRefusalsAreFatalOtherConnectionFailuresRetried() {
        assertThat(RecoveryPolicies.isFatal(new AuthenticationException("PLAIN", "refused")))
                .isTrue();
        assertThat(RecoveryPolicies.isFatal(new ProbableAuthenticationException("refused")))
                .isTrue();
        assertThat(RecoveryPolicies.isFatal(new ProbableAccessDeniedException("refused")))
                .isTrue();
        assertThat(RecoveryPolicies.isFatal(new StreamLostException("lost"))).isFalse();
        assertThat(RecoveryPolicies.isFatal(new AmqpHeartbeatTimeoutException("silent")))
                .isFalse();
        assertThat(RecoveryPolicies.isFatal(new ConnectionClosedByBrokerException(320, "CONNECTION_FORCED")))
                .isFalse();
        assertThat(RecoveryPolicies.isFatal(new IllegalArgumentException("bug")))
                .isTrue();
    }

    @Test
    void anAuthenticationFailureCausedByABrokerCloseIsStillFatal() {
        AuthenticationException failure = new AuthenticationException("PLAIN", "refused");
        failure.initCause(new ConnectionClosedByBrokerException(403, "ACCESS_REFUSED"));

        assertThat(RecoveryPolicies.isFatal(failure)).isTrue();
    }

    @Test
    void theTemplateRetriesRetryableFailuresUpToMaxAttemptsAndStopsAtOnceOnFatalOnes() {
        RetryTemplate template = RecoveryPolicies.retryTemplate(3, new RecordingBackOff());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> template.execute(context -> {
                    calls.incrementAndGet();
                    throw new StreamLostException("lost");
                }))
                .isInstanceOf(StreamLostException.class);
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThatThrownBy(() -> template.execute(context -> {
                    calls.incrementAndGet();
                    throw new AuthenticationException("PLAIN", "refused");
                }))
                .isInstanceOf(AuthenticationException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void zeroMaxAttemptsRetriesForever() {
        RetryTemplate template = RecoveryPolicies.retryTemplate(0, new RecordingBackOff());
        AtomicInteger calls = new AtomicInteger();

        String result = template.execute(context -> {
            if (calls.incrementAndGet() < 1000) {
                throw new AmqpConnectionException("not yet");
            }
            return "open";
        });

        assertThat(result).isEqualTo("open");
        assertThat(calls).hasValue(1000);
    }

    @Test
    void backOffGrowsByTheMultiplierUpToTheMaximum() {
        List<Long> sleeps = new ArrayList<>();
        JitteredExponentialBackOffPolicy policy = new JitteredExponentialBackOffPolicy(
                        Duration.ofMillis(100), 2.0, Duration.ofMillis(500), 0.0)
                .withSleeper(sleeps::add);
        BackOffContext context = policy.start(null);

        for (int i = 0; i < 5; i++) {
            policy.backOff(context);
        }

        assertThat(sleeps).containsExactly(100L, 200L, 400L, 500L, 500L);
    }

    @Test
    void jitterSpreadsEachWaitSymmetricallyAroundTheInterval() {
        List<Long> sleeps = new ArrayList<>();
        double[] randoms = {0.0, 0.5, 0.999999};
        AtomicInteger next = new AtomicInteger();
        JitteredExponentialBackOffPolicy policy = new JitteredExponentialBackOffPolicy(
                        Duration.ofMillis(1000), 1.0, Duration.ofMillis(1000), 0.1)
                .withSleeper(sleeps::add)
                .withRandom(() -> randoms[next.getAndIncrement()]);
        BackOffContext context = policy.start(null);

        for (int i = 0; i < 3; i++) {
            policy.backOff(context);
        }

        assertThat(sleeps).containsExactly(900L, 1000L, 1100L);
    }

    @Test
    void anInterruptEndsTheWait() {
        JitteredExponentialBackOffPolicy policy = new JitteredExponentialBackOffPolicy(
                        Duration.ofMillis(100), 2.0, Duration.ofMillis(500), 0.0)
                .withSleeper(millis -> {
                    throw new InterruptedException();
                });

        assertThatThrownBy(() -> policy.backOff(policy.start(null))).isInstanceOf(BackOffInterruptedException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void badSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new JitteredExponentialBackOffPolicy(Duration.ZERO, 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("pika.recovery.initial-interval");
        assertThatThrownBy(() ->
                        new JitteredExponentialBackOffPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0))
                .hasMessageContaining("pika.recovery.multiplier");
        assertThatThrownBy(
                        () -> new JitteredExponentialBackOffPolicy(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("pika.recovery.max-interval");
        assertThatThrownBy(() ->
                        new JitteredExponentialBackOffPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.5))
                .hasMessageContaining("pika.recovery.jitter");
        assertThatThrownBy(() -> RecoveryPolicies.retryTemplate(-1, new RecordingBackOff()))
                .hasMessageContaining("pika.recovery.max-attempts");
    }

    /** Counts back-offs without sleeping. */
    private static final class RecordingBackOff implements org.springframework.retry.backoff.BackOffPolicy {
        int count;

        @Override
        public BackOffContext start(RetryContext context) {
            return null;
        }

        @Override
        public void backOff(BackOffContext backOffContext) {
            count++;
        }
    }
}
