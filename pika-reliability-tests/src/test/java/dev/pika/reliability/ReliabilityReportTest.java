package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityReportTest {

    @TempDir
    Path dir;

    @Test
    void rowsAreAppendedToTheFileAsTheyAreAdded() throws Exception {
        Path file = dir.resolve("nested/reliability-report.md");
        ReliabilityReport report = new ReliabilityReport(file);

        report.add(ReliabilityReport.Row.of("connection cut (select)", 100, 20_000, 0, 12, Duration.ofMillis(850)));
        String afterOne = Files.readString(file);
        assertThat(afterOne)
                .contains("## Run started ")
                .contains("| fault | runs | messages | lost | duplicates | recovery time | notes |")
                .contains("| connection cut (select) | 100 | 20000 | 0 | 12 | 850 ms |  |");

        report.add(ReliabilityReport.Row.of("broker restart", 3, 5_000, 0, 0, Duration.ofMillis(12_340)));
        String afterTwo = Files.readString(file);
        assertThat(afterTwo).startsWith(afterOne).contains("| broker restart | 3 | 5000 | 0 | 0 | 12.3 s |  |");
        assertThat(afterTwo.split("## Run started", -1)).hasSize(2);
    }

    @Test
    void aSecondReportAppendsItsOwnSectionAndKeepsTheFirst() throws Exception {
        Path file = dir.resolve("reliability-report.md");
        new ReliabilityReport(file).add(ReliabilityReport.Row.of("first", 1, 1, 0, 0, null));
        new ReliabilityReport(file).add(ReliabilityReport.Row.of("second", 1, 1, 0, 0, null));

        String text = Files.readString(file);
        assertThat(text.split("## Run started", -1)).hasSize(3);
        assertThat(text).contains("| first |").contains("| second |").contains("| n/a |");
    }

    @Test
    void theTableListsEveryRowAndIsPrintedWithItsTitle() {
        ReliabilityReport report = new ReliabilityReport(dir.resolve("r.md"));
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        report.print(new PrintStream(empty, true, StandardCharsets.UTF_8));
        assertThat(empty.toString(StandardCharsets.UTF_8)).isEmpty();

        report.add(new ReliabilityReport.Row("a|b", 2, 10, 1, 0, Duration.ofSeconds(1), "note"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("[pika-reliability] results")
                .contains("| a\\|b | 2 | 10 | 1 | 0 | 1000 ms | note |");
        assertThat(report.rows()).hasSize(1);
        assertThat(report.table()).startsWith("| fault |");
    }

    @Test
    void aRowFromALedgerSummaryCarriesTheDuplicateBreakdown() {
        Ledger ledger = new Ledger();
        ledger.published(1);
        ledger.failedBack(1);
        ledger.published(1);
        ledger.confirmed(1);
        ledger.consumed(1, false);
        ledger.consumed(1, false);
        ledger.consumed(1, true);

        ReliabilityReport.Row row = ReliabilityReport.Row.of("cut", 5, ledger.summary(), Duration.ofMillis(3));

        assertThat(row.messages()).isEqualTo(1);
        assertThat(row.lost()).isZero();
        assertThat(row.duplicates()).isEqualTo(2);
        assertThat(row.notes()).contains("redelivered 1", "republished 1", "unflagged 0", "failed back 1");
    }

    @Test
    void theSharedReportWritesIntoTheConfiguredReportDirectory() {
        Path file = ReliabilityReport.shared().file();
        assertThat(file.getFileName().toString()).isEqualTo(ReliabilityReport.FILE_NAME);
        assertThat(ReliabilityReport.shared()).isSameAs(ReliabilityReport.shared());
    }
}
