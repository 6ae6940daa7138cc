package dev.pika.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The table a fault run ends with: one {@link Row} per fault (fault | runs | messages | lost | duplicates |
 * recovery time | notes). Each row is appended to a Markdown file as soon as it is added (so a run that dies
 * half-way still leaves the rows it finished), and {@link #table()} renders every row of this report for the
 * console.
 *
 * <p>The suite shares one report per JVM, {@link #shared()}, writing to {@code target/reliability-report.md} of
 * the module (the directory is taken from the system property {@code pika.test.reportDir} that the failsafe
 * configuration sets, else {@code target}); a JUnit listener prints its table when the test plan ends. The file
 * is appended to, never truncated: each JVM starts a new section headed by its start time, {@code mvn clean}
 * empties it.
 *
 * <p>Threading: thread-safe; {@link #add(Row)} and the readers synchronize on the report. Rows are immutable.
 */
public final class ReliabilityReport {

    /** The system property naming the directory of the shared report file. */
    public static final String REPORT_DIR_PROPERTY = "pika.test.reportDir";

    /** The file name of the shared report inside its directory. */
    public static final String FILE_NAME = "reliability-report.md";

    private static final String HEADER = "| fault | runs | messages | lost | duplicates | recovery time | notes |\n"
            + "|---|---:|---:|---:|---:|---:|---|\n";

    private static final class Shared {
        static final ReliabilityReport INSTANCE = new ReliabilityReport(
                Path.of(System.getProperty(REPORT_DIR_PROPERTY, "target")).resolve(FILE_NAME));
    }

    private final Path file;
    private final List<Row> rows = new ArrayList<>();
    private boolean sectionStarted;

    /**
     * A report that appends its rows to {@code file} (created with its parent directories when the first row is
     * added).
     */
    public ReliabilityReport(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The report shared by every test of this JVM, writing to {@code <pika.test.reportDir>/reliability-report.md}. */
    public static ReliabilityReport shared() {
        return Shared.INSTANCE;
    }

    /** The Markdown file the rows are appended to. */
    public Path file() {
        return file;
    }

    /**
     * Adds a row and appends it to the file at once (with a section heading and the table header before the first
     * row of this report).
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public synchronized void add(Row row) {
        Objects.requireNonNull(row, "row");
        rows.add(row);
        StringBuilder text = new StringBuilder();
        if (!sectionStarted) {
            text.append("\n## Run started ")
                    .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                    .append("\n\n")
                    .append(HEADER);
            sectionStarted = true;
        }
        text.append(row.toMarkdown()).append('\n');
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    file,
                    text,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append the reliability report row to " + file, e);
        }
    }

    /** The rows added so far, in order. */
    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Every row as a Markdown table (header included), or an empty string when no row was added. */
    public synchronized String table() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(HEADER);
        for (Row row : rows) {
            text.append(row.toMarkdown()).append('\n');
        }
        return text.toString();
    }

    /** Prints the table with a title line to {@code out}; prints nothing when no row was added. */
    public void print(PrintStream out) {
        String table = table();
        if (!table.isEmpty()) {
            out.println();
            out.println("[pika-reliability] results (also in " + file + "):");
            out.print(table);
            out.flush();
        }
    }

    /**
     * One fault's figures. Immutable.
     *
     * @param fault what was injected, for example "connection cut (select)"
     * @param runs how many times the fault was injected
     * @param messages how many distinct messages the run published
     * @param lost confirmed messages never consumed (the promise is 0)
     * @param duplicates deliveries beyond the first of each message
     * @param recoveryTime the longest time from a fault to the client working again, or {@code null} when not
     *     measured
     * @param notes anything else worth a column (duplicate breakdown, failed-back publishes), never {@code null}
     */
    public record Row(
            String fault, int runs, long messages, long lost, long duplicates, Duration recoveryTime, String notes) {

        /** Validates the fields. */
        public Row {
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(notes, "notes");
        }

        /** A row without notes. */
        public static Row of(String fault, int runs, long messages, long lost, long duplicates, Duration recoveryTime) {
            return new Row(fault, runs, messages, lost, duplicates, recoveryTime, "");
        }

        /**
         * A row from a ledger's summary: messages = distinct ids published, the duplicate breakdown and the
         * failed-back publishes in the notes.
         */
        public static Row of(String fault, int runs, Ledger.Summary summary, Duration recoveryTime) {
            String notes = "redelivered " + summary.redeliveredDuplicates() + ", republished "
                    + summary.publisherDuplicates() + ", unflagged " + summary.unflaggedDuplicates()
                    + "; failed back " + summary.failedBack() + ", nacked " + summary.nacked()
                    + ", unresolved " + summary.unresolved();
            return new Row(fault, runs, summary.published(), summary.lost(), summary.duplicates(), recoveryTime, notes);
        }

        /** The row as one Markdown table line ({@code |} in text is escaped). */
        public String toMarkdown() {
            return "| " + escape(fault) + " | " + runs + " | " + messages + " | " + lost + " | " + duplicates + " | "
                    + formatDuration(recoveryTime) + " | " + escape(notes) + " |";
        }

        private static String escape(String text) {
            return text.replace("|", "\\|").replace('\n', ' ');
        }

        /** {@code n/a} for null, milliseconds below 10 s, seconds with one decimal above. */
        public static String formatDuration(Duration duration) {
            if (duration == null) {
                return "n/a";
            }
            long millis = duration.toMillis();
            if (millis < 10_000) {
                return millis + " ms";
            }
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
    }
}
