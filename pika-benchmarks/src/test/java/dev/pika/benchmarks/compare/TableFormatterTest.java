package dev.pika.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {

    private final ResultRow baseline = new ResultRow(
            "publish",
            "amqp-client",
            3,
            3,
            91_234.4,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            10.456,
            1031.2,
            10,
            94.4,
            219.6,
            1.0,
            1.0,
            null);
    private final ResultRow other = new ResultRow(
            "publish",
            "amqp-client-netty",
            2,
            3,
            106_388,
            150,
            900,
            1500,
            7.883,
            1884,
            10,
            62,
            238,
            1.1661,
            0.7539,
            null);
    private final ResultRow failed = new ResultRow(
            "publish",
            "pika-select",
            0,
            3,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            "timed out | killed");

    @Test
    void cellsAreRoundedAndMissingFiguresAreDashes() {
        assertThat(TableFormatter.cells(baseline))
                .containsExactly(
                        "publish",
                        "amqp-client",
                        "3/3",
                        "91234",
                        "-",
                        "-",
                        "-",
                        "10.46",
                        "1031",
                        "10",
                        "94",
                        "220",
                        "1.00",
                        "1.00");
        assertThat(TableFormatter.cells(failed)).containsOnly("publish", "pika-select", "0/3", "-");
    }

    @Test
    void textTableAlignsColumns() {
        String text = TableFormatter.text(List.of(baseline, other));
        List<String> lines = text.lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("scenario  client             runs   msg/s");
        assertThat(lines.get(1)).matches("-+");
        assertThat(lines.get(1)).hasSameSizeAs(lines.get(0));
        assertThat(lines.get(2)).hasSameSizeAs(lines.get(0));
        assertThat(lines.get(3)).hasSameSizeAs(lines.get(0)).endsWith("1.17   0.75");
        assertThat(lines.get(2).indexOf("91234") + "91234".length())
                .as("numbers are right-aligned")
                .isEqualTo(lines.get(3).indexOf("106388") + "106388".length());
    }

    @Test
    void markdownTableHasAHeaderRowPerLineAndListsFailures() {
        String markdown = TableFormatter.markdown(List.of(baseline, failed));
        List<String> lines = markdown.lines().toList();

        assertThat(lines.get(0))
                .isEqualTo(
                        "| scenario | client | runs | msg/s | p50 us | p95 us | p99 us | CPU s/M msg | B/msg | threads"
                                + " | heap MiB | RSS MiB | x msg/s | x CPU |");
        assertThat(lines.get(1)).isEqualTo("| --- | --- |" + " ---: |".repeat(12));
        assertThat(lines.get(2))
                .isEqualTo(
                        "| publish | amqp-client | 3/3 | 91234 | - | - | - | 10.46 | 1031 | 10 | 94 | 220 | 1.00 | 1.00 |");
        assertThat(markdown)
                .contains("Failed (no successful run):")
                .contains("- publish, pika-select: timed out / killed");
    }
}
