package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The barrier bookkeeping of waitForConfirms: out-of-order settlement, overlapping waits, the first failure. */
class OutstandingConfirmsTest {

    private final OutstandingConfirms confirms = new OutstandingConfirms();

    @Test
    void aBarrierWithNothingOutstandingCompletesAtOnce() {
        CompletableFuture<Void> settled = new CompletableFuture<>();

        confirms.barrier(settled);

        assertThat(settled).isCompleted();
    }

    @Test
    void aBarrierWaitsForEveryEarlierPublishInWhateverOrderTheyAreSettled() {
        long first = confirms.published();
        long second = confirms.published();
        long third = confirms.published();
        CompletableFuture<Void> settled = new CompletableFuture<>();
        confirms.barrier(settled);

        confirms.settled(third); // the broker confirmed the last one first (say, it was unroutable)
        confirms.settled(first);
        assertThat(settled).as("the second is still unconfirmed").isNotDone();

        confirms.settled(second);
        assertThat(settled).isCompleted();
        assertThat(confirms.outstanding()).isZero();
    }

    @Test
    void publishesAfterABarrierDoNotHoldItBack() {
        long before = confirms.published();
        CompletableFuture<Void> settled = new CompletableFuture<>();
        confirms.barrier(settled);
        long after = confirms.published();

        confirms.settled(before);

        assertThat(settled).isCompleted();
        assertThat(confirms.outstanding()).isEqualTo(1);
        confirms.settled(after);
        assertThat(confirms.outstanding()).isZero();
    }

    @Test
    void overlappingBarriersEachWaitForTheirOwnPublishesOnly() {
        long a = confirms.published();
        CompletableFuture<Void> older = new CompletableFuture<>();
        confirms.barrier(older);
        long b = confirms.published();
        CompletableFuture<Void> newer = new CompletableFuture<>();
        confirms.barrier(newer);
        long c = confirms.published();

        confirms.settled(b);
        assertThat(older).isNotDone();
        assertThat(newer).isNotDone();

        confirms.settled(a);
        assertThat(older).isCompleted();
        assertThat(newer).isCompleted();

        CompletableFuture<Void> last = new CompletableFuture<>();
        confirms.barrier(last);
        assertThat(last).as("c is outstanding").isNotDone();
        confirms.settled(c);
        assertThat(last).isCompleted();
    }

    @Test
    void theFirstFailureIsKeptUntilTakenThenForgotten() {
        NackException nack = new NackException(List.of());
        UnroutableException unroutable = new UnroutableException(List.of());

        confirms.failed(nack);
        confirms.failed(unroutable);

        assertThat(confirms.takeFailure()).isSameAs(nack);
        assertThat(confirms.takeFailure()).isNull();
        confirms.failed(unroutable);
        assertThat(confirms.takeFailure()).isSameAs(unroutable);
    }
}
