package dev.pika.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.cli.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    @Test
    void theMatrixCoversIssueTen() {
        assertThat(Scenarios.all())
                .extracting(Scenario::name)
                .doesNotHaveDuplicates()
                .containsExactly(
                        "publish",
                        "confirm-1",
                        "confirm-100",
                        "confirm-1000",
                        "drain-autoack",
                        "drain-ack-q1",
                        "drain-ack-q100",
                        "drain-ack-q1000",
                        "drain-multiack-q100",
                        "drain-multiack-q1000",
                        "worker-acks-4",
                        "latency-1k",
                        "latency-10k",
                        "pairs-1",
                        "pairs-2",
                        "size-1k",
                        "size-64k",
                        "size-1m",
                        "connections-50");
    }

    @Test
    void everyScenarioEndsByItselfAndIsRunnable() {
        for (Scenario scenario : Scenarios.all()) {
            PerfTestOptions options = scenario.options();
            assertThat(options.timeLimit()).as(scenario.name()).isEqualTo(Scenarios.DEFAULT_DURATION);
            assertThat(options.isBounded()).as(scenario.name()).isTrue();
            assertThat(options.queue()).as("queues are set per run").isEmpty();
            assertThat(scenario.limitedBy()).isNotBlank();
        }
        PerfTestOptions worker = byName("worker-acks-4").options();
        assertThat(worker.ackThreads()).isEqualTo(4);
        assertThat(worker.multiAckEvery()).isZero();
        assertThat(byName("drain-multiack-q1000").options().multiAckEvery()).isEqualTo(500);
        assertThat(byName("connections-50").options().producers()
                        + byName("connections-50").options().consumers())
                .isEqualTo(50);
        assertThat(byName("size-1m").options().bodySize()).isEqualTo(1024 * 1024);
        assertThat(byName("size-1m").options().confirmWindow())
                .as("the shared broker never holds much of it")
                .isPositive();
    }

    @Test
    void selectByNameOrPrefix() {
        assertThat(Scenarios.select(List.of())).hasSameSizeAs(Scenarios.all());
        assertThat(Scenarios.select(List.of("drain-*", "publish")))
                .extracting(Scenario::name)
                .containsExactly(
                        "publish",
                        "drain-autoack",
                        "drain-ack-q1",
                        "drain-ack-q100",
                        "drain-ack-q1000",
                        "drain-multiack-q100",
                        "drain-multiack-q1000");
        assertThatThrownBy(() -> Scenarios.select(List.of("nope")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no scenario matches 'nope'");
    }

    @Test
    void aScenarioNeedsATimeLimit() {
        assertThatThrownBy(
                        () -> new Scenario("x", "d", PerfTestOptions.builder().build(), "l"))
                .hasMessageContaining("needs a time limit");
    }

    private static Scenario byName(String name) {
        return Scenarios.all().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
