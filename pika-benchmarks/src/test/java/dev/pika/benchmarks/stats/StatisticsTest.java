package dev.pika.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Statistics.median(List.of(5.0, 1.0, 3.0))).hasValue(3.0);
        assertThat(Statistics.median(List.of(4.0, 1.0, 3.0, 2.0))).hasValue(2.5);
        assertThat(Statistics.median(List.of(7.0))).hasValue(7.0);
    }

    @Test
    void medianIgnoresMissingValuesAndIsEmptyWithoutSamples() {
        assertThat(Statistics.median(Arrays.asList(Double.NaN, 2.0, null, 4.0))).hasValue(3.0);
        assertThat(Statistics.median(List.of())).isEmpty();
        assertThat(Statistics.median(List.of(Double.NaN))).isEmpty();
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        List<Double> values = List.of(10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(Statistics.percentile(values, 0)).hasValue(10.0);
        assertThat(Statistics.percentile(values, 100)).hasValue(50.0);
        assertThat(Statistics.percentile(values, 25)).hasValue(20.0);
        assertThat(Statistics.percentile(values, 95).getAsDouble()).isCloseTo(48.0, within(1e-9));
        assertThat(Statistics.percentile(List.of(1.0, 2.0), 50)).hasValue(1.5);
        assertThatThrownBy(() -> Statistics.percentile(values, 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 100");
    }

    @Test
    void ratesPerSecond() {
        assertThat(Statistics.perSecond(500, 250_000_000L)).isEqualTo(2000.0);
        assertThat(Statistics.perSecond(10, 0)).isZero();
    }

    @Test
    void ratiosNeedAPositiveBaseline() {
        assertThat(Statistics.ratio(150, 100)).hasValue(1.5);
        assertThat(Statistics.ratio(1, 0)).isEmpty();
        assertThat(Statistics.ratio(Double.NaN, 1)).isEmpty();
        assertThat(Statistics.ratio(1, Double.NaN)).isEmpty();
    }

    @Test
    void perUnitScales() {
        assertThat(Statistics.perUnit(2.0, 500_000, 1_000_000)).isEqualTo(4.0);
        assertThat(Statistics.perUnit(1000, 10, 1)).isEqualTo(100.0);
        assertThat(Statistics.perUnit(1, 0, 1)).isNaN();
    }
}
