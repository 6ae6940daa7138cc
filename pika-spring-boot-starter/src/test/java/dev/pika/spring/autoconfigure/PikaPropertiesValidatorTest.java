package dev.pika.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PikaPropertiesValidatorTest {

    @Test
    void defaultsAreValid() {
        PikaProperties properties = Bind.validated();

        assertThat(properties.getHost()).isEqualTo("localhost");
    }

    @Test
    void urlAndAddressesTogetherAreRefused() {
        Violation violation = single("pika.url=amqp://a", "pika.addresses=b,c");

        assertThat(violation.property()).isEqualTo("pika.addresses");
        assertThat(violation.problem()).isEqualTo("is set together with pika.url");
        assertThat(violation.action())
                .isEqualTo("Set pika.url for one broker or pika.addresses for several, not both.");
    }

    @Test
    void anEmptyAddressIsRefusedByIndex() {
        Violation violation = single("pika.addresses[0]=a", "pika.addresses[1]= ");

        assertThat(violation.property()).isEqualTo("pika.addresses[1]");
        assertThat(violation.action()).contains("trailing comma");
    }

    @Test
    void portOutOfRangeIsRefused() {
        Violation violation = single("pika.port=70000");

        assertThat(violation.describe()).isEqualTo("pika.port = 70000: must be between 1 and 65535");
    }

    @Test
    void connectionSettingsAreCheckedByTheCoreAndReportedUnderThePropertyName() {
        List<Violation> violations = violations(
                "pika.frame-max=100",
                "pika.channel-max=0",
                "pika.heartbeat=-5",
                "pika.blocked-connection-timeout=-1s",
                "pika.connection-timeout=-1s",
                "pika.connection-name= ");

        assertThat(violations)
                .extracting(Violation::property)
                .containsExactly(
                        "pika.heartbeat",
                        "pika.connection-timeout",
                        "pika.blocked-connection-timeout",
                        "pika.channel-max",
                        "pika.frame-max",
                        "pika.connection-name");
        assertThat(violations.get(4).problem())
                .isEqualTo("frameMax must be between 4096 and 131072 (inclusive), but was 100");
        assertThat(violations.get(0).problem()).contains("heartbeat must be between 0 and 65535 seconds");
        assertThat(violations.get(0).action()).contains("0 turns heartbeats off");
    }

    @Test
    void heartbeatMustBeWholeSeconds() {
        Violation violation = single("pika.heartbeat=1500ms");

        assertThat(violation.problem()).contains("whole number of seconds");
    }

    @Test
    void tlsOffWithABundleIsRefused() {
        Violation violation = single("pika.ssl.enabled=false", "pika.ssl.bundle=client");

        assertThat(violation.property()).isEqualTo("pika.ssl.bundle");
        assertThat(violation.action()).contains("Remove pika.ssl.enabled=false");
    }

    @Test
    void recoveryBackOffMustGrowAndStayBounded() {
        List<Violation> violations = violations(
                "pika.recovery.initial-interval=0s",
                "pika.recovery.multiplier=0.5",
                "pika.recovery.max-attempts=-1",
                "pika.recovery.jitter=1.5");

        assertThat(violations)
                .extracting(Violation::property)
                .containsExactly(
                        "pika.recovery.initial-interval",
                        "pika.recovery.multiplier",
                        "pika.recovery.max-attempts",
                        "pika.recovery.jitter");
        assertThat(violations.get(1).problem()).startsWith("must be >= 1");
    }

    @Test
    void recoveryMaxIntervalBelowInitialIntervalIsRefused() {
        Violation violation = single("pika.recovery.initial-interval=10s", "pika.recovery.max-interval=5s");

        assertThat(violation.property()).isEqualTo("pika.recovery.max-interval");
        assertThat(violation.problem()).isEqualTo("is shorter than pika.recovery.initial-interval (PT10S)");
    }

    @Test
    void prefetchBelowConcurrencyIsRefused() {
        Violation violation = single("pika.listener.concurrency=8", "pika.listener.prefetch=4");

        assertThat(violation.property()).isEqualTo("pika.listener.prefetch");
        assertThat(violation.problem()).contains("below pika.listener.concurrency (8)");
        assertThat(violation.action())
                .isEqualTo("Raise pika.listener.prefetch to at least 8 or lower pika.listener.concurrency.");
    }

    @Test
    void listenerLimitsAreChecked() {
        List<Violation> violations = violations(
                "pika.listener.concurrency=0",
                "pika.listener.prefetch=0",
                "pika.listener.shutdown-timeout=-1s",
                "pika.listener.retry.max-attempts=0",
                "pika.listener.retry.multiplier=0",
                "pika.listener.retry.initial-interval=5s",
                "pika.listener.retry.max-interval=1s");

        assertThat(violations)
                .extracting(Violation::property)
                .containsExactly(
                        "pika.listener.concurrency",
                        "pika.listener.prefetch",
                        "pika.listener.shutdown-timeout",
                        "pika.listener.retry.max-attempts",
                        "pika.listener.retry.multiplier",
                        "pika.listener.retry.max-interval");
        assertThat(violations.get(1).problem()).contains("unlimited prefetch");
    }

    @Test
    void requeueWithoutAcknowledgementsIsRefused() {
        Violation violation = single("pika.listener.ack-mode=none", "pika.listener.default-requeue-rejected=true");

        assertThat(violation.property()).isEqualTo("pika.listener.default-requeue-rejected");
    }

    @Test
    void publisherConfirmTimeoutMustBePositive() {
        assertThat(single("pika.publisher.confirm-timeout=0s").property()).isEqualTo("pika.publisher.confirm-timeout");
    }

    @Test
    void embeddedBrokerWithAUrlIsRefusedWithoutShowingThePassword() {
        Violation violation = single("pika.embedded.enabled=true", "pika.url=amqp://app:secret@rabbit/%2F");

        assertThat(violation.property()).isEqualTo("pika.embedded.enabled");
        assertThat(violation.problem()).contains("pika.url (amqp://app:******@rabbit/%2F)");
        assertThat(violation.action()).contains("Remove pika.url (or PIKA_URL)");
        assertThat(violation.toString()).doesNotContain("secret");
    }

    @Test
    void embeddedBrokerWithAddressesIsRefused() {
        assertThat(single("pika.embedded.enabled=true", "pika.addresses=a,b").problem())
                .isEqualTo("is set together with pika.addresses");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidPikaPropertiesException exception = catchThrowableOfType(
                InvalidPikaPropertiesException.class,
                () -> Bind.validated("pika.frame-max=1", "pika.listener.concurrency=0", "pika.recovery.jitter=-1"));

        assertThat(exception.getViolations()).hasSize(3);
        assertThat(exception.getMessage())
                .startsWith("Invalid pika configuration:")
                .contains("pika.frame-max = 1")
                .contains("pika.listener.concurrency = 0")
                .contains("pika.recovery.jitter = -1.0");
    }

    @Test
    void secretsAreMaskedInUrls() {
        assertThat(Violations.maskUrl("amqps://u:p%40ss@h:5671/v?heartbeat=3"))
                .isEqualTo("amqps://u:******@h:5671/v?heartbeat=3");
        assertThat(Violations.maskUrl("amqp://u@h")).isEqualTo("amqp://u@h");
        assertThat(Violations.maskUrl("amqp://h/%2F?ssl_options={'password':'x'}"))
                .isEqualTo("amqp://h/%2F?******");
    }

    private static Violation single(String... pairs) {
        List<Violation> violations = violations(pairs);
        assertThat(violations).hasSize(1);
        return violations.get(0);
    }

    private static List<Violation> violations(String... pairs) {
        PikaProperties properties = Bind.properties(pairs);
        assertThatThrownBy(properties::afterPropertiesSet).isInstanceOf(InvalidPikaPropertiesException.class);
        return catchThrowableOfType(InvalidPikaPropertiesException.class, properties::afterPropertiesSet)
                .getViolations();
    }
}
