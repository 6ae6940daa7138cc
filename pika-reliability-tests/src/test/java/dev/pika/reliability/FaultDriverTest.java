package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FaultDriverTest {

    /** A client that "reopens" whenever the fault says so. */
    private static final class FakeClient implements FaultClient {
        final AtomicLong opens = new AtomicLong(1);

        @Override
        public long opens() {
            return opens.get();
        }

        @Override
        public void close() {}
    }

    @Test
    void everyFaultFallsWhileThePublisherStillHasMessagesToPublish() throws Exception {
        long total = 10_000;
        int faults = 25;
        Ledger ledger = new Ledger();
        IdSource ids = new IdSource(total);
        FakeClient client = new FakeClient();
        FaultDriver driver = new FaultDriver(ledger, ids, new RecoveryClock(), List.of(client), faults, 42);
        // an instant publisher: everything it may take is confirmed at once, so only the allowance holds it back
        Thread publisher = new Thread(() -> {
            try {
                while (ledger.confirmedCount() < total) {
                    Long id = ids.take(Duration.ofMillis(10));
                    if (id != null) {
                        ledger.published(id);
                        ledger.confirmed(id);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        publisher.start();
        List<Long> confirmedAtFault = new ArrayList<>();

        FaultDriver.Result result = driver.run(
                random -> {
                    confirmedAtFault.add(ledger.confirmedCount());
                    client.opens.incrementAndGet();
                    return random.nextBoolean() ? "A" : "B";
                },
                Duration.ofSeconds(30));
        publisher.join(30_000);

        assertThat(publisher.isAlive()).isFalse();
        assertThat(result.faults()).isEqualTo(faults);
        assertThat(result.tally().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(faults);
        assertThat(confirmedAtFault)
                .hasSize(faults)
                .isSorted()
                .allSatisfy(confirmed -> assertThat(confirmed)
                        .as("the publisher had not finished when the fault fell")
                        .isLessThan(total));
        assertThat(ledger.confirmedCount()).isEqualTo(total);
    }

    @Test
    void aFaultWaitsUntilEveryClientReopenedAfterThePreviousOne() {
        Ledger ledger = new Ledger();
        IdSource ids = new IdSource(100);
        for (long id = 0; id < 100; id++) {
            ledger.published(id);
            ledger.confirmed(id);
        }
        FakeClient stuck = new FakeClient();
        FaultDriver driver = new FaultDriver(ledger, ids, new RecoveryClock(), List.of(stuck), 2, 7);

        // the first fault does not reopen the client: the second must not fall
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.run(random -> "cut", Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fault 1")
                .hasMessageContaining("every client reopened");
    }
}
