package dev.pika.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints comparison rows as an aligned text table (console) or a Markdown table (BENCHMARKS.md). Both have the same
 * columns; a figure that does not apply, or that no run produced, is {@code -}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TableFormatter {

    /** The column headers, in order. */
    public static final List<String> HEADERS = List.of(
            "scenario",
            "client",
            "runs",
            "msg/s",
            "p50 us",
            "p95 us",
            "p99 us",
            "CPU s/M msg",
            "B/msg",
            "threads",
            "heap MiB",
            "RSS MiB",
            "x msg/s",
            "x CPU");

    private TableFormatter() {}

    /**
     * The cells of a row, formatted.
     *
     * @param row the row
     * @return one string per header
     */
    public static List<String> cells(ResultRow row) {
        return List.of(
                row.scenario(),
                row.client(),
                row.succeededRuns() + "/" + row.totalRuns(),
                number(row.throughput(), "%.0f"),
                number(row.p50Micros(), "%.0f"),
                number(row.p95Micros(), "%.0f"),
                number(row.p99Micros(), "%.0f"),
                number(row.cpuSecondsPerMillion(), "%.2f"),
                number(row.bytesPerMessage(), "%.0f"),
                number(row.peakThreads(), "%.0f"),
                number(row.peakHeapMebibytes(), "%.0f"),
                number(row.peakRssMebibytes(), "%.0f"),
                number(row.throughputRatio(), "%.2f"),
                number(row.cpuRatio(), "%.2f"));
    }

    /**
     * An aligned text table, text columns left-aligned and numbers right-aligned, with failures listed below.
     *
     * @param rows the rows
     * @return the table, lines separated by {@code \n}
     */
    public static String text(List<ResultRow> rows) {
        List<List<String>> table = new ArrayList<>();
        table.add(HEADERS);
        rows.forEach(row -> table.add(cells(row)));
        int[] widths = new int[HEADERS.size()];
        for (List<String> line : table) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < table.size(); r++) {
            List<String> line = table.get(r);
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    text.append("  ");
                }
                String cell = line.get(i);
                String padding = " ".repeat(widths[i] - cell.length());
                text.append(i < 2 ? cell + padding : padding + cell);
            }
            text.append('\n');
            if (r == 0) {
                int total = 0;
                for (int width : widths) {
                    total += width;
                }
                text.append("-".repeat(total + 2 * (widths.length - 1))).append('\n');
            }
        }
        appendFailures(text, rows, "");
        return text.toString();
    }

    /**
     * A Markdown table (numbers right-aligned), with failures listed below.
     *
     * @param rows the rows
     * @return the table
     */
    public static String markdown(List<ResultRow> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(String.join(" | ", HEADERS)).append(" |\n");
        text.append('|');
        for (int i = 0; i < HEADERS.size(); i++) {
            text.append(i < 2 ? " --- |" : " ---: |");
        }
        text.append('\n');
        for (ResultRow row : rows) {
            text.append("| ").append(String.join(" | ", cells(row))).append(" |\n");
        }
        appendFailures(text, rows, "- ");
        return text.toString();
    }

    private static void appendFailures(StringBuilder text, List<ResultRow> rows, String bullet) {
        boolean first = true;
        for (ResultRow row : rows) {
            if (row.failure() != null) {
                if (first) {
                    text.append('\n').append("Failed (no successful run):\n");
                    if (!bullet.isEmpty()) {
                        text.append('\n');
                    }
                    first = false;
                }
                text.append(bullet)
                        .append(row.scenario())
                        .append(", ")
                        .append(row.client())
                        .append(": ")
                        .append(row.failure().replace('|', '/'))
                        .append('\n');
            }
        }
    }

    private static String number(double value, String format) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, format, value);
    }
}
