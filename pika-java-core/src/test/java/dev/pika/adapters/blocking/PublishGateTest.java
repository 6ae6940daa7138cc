package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publish gate's wake-ups: a blocked publisher is woken once the queued bytes fell to half the high watermark, or
 * when the transport drained, never at each release of a publish (which would cost a thread switch per message while
 * the broker is slower than the publisher).
 */
class PublishGateTest {

    private static final int HIGH = 1000;

    private final PublishGate gate = new PublishGate(HIGH, null);
    private Thread publisher;

    @AfterEach
    void stop() throws InterruptedException {
        if (publisher != null && publisher.isAlive()) {
            gate.released(HIGH, true);
            gate.drained();
            publisher.join(10_000);
        }
    }

    /** Starts a publisher that blocks on the full gate, and waits until it does. */
    private CompletableFuture<Void> blockedPublisher() {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        publisher = new Thread(() -> {
            gate.acquire(100);
            admitted.complete(null);
        });
        publisher.start();
        Await.until("the publisher waits", () -> gate.waitingPublishers() == 1);
        return admitted;
    }

    @Test
    void aBlockedPublisherIsWokenOnceTheQueueFellToHalfTheHighWatermark() {
        gate.acquire(HIGH); // full
        CompletableFuture<Void> admitted = blockedPublisher();

        for (int i = 0; i < 4; i++) {
            gate.released(100, true); // 900, 800, 700, 600: room, but not yet half
        }
        assertThat(gate.wakeUps())
                .as("no wake-up above half the high watermark")
                .isZero();
        assertThat(admitted).isNotDone();

        gate.released(100, true); // 500
        assertThat(gate.wakeUps()).isEqualTo(1);
        Await.until("the publisher is let in", admitted::isDone);
        assertThat(gate.queuedBytes()).isEqualTo(600);
    }

    @Test
    void whileTheTransportIsAboveItsWatermarkReleasesWakeNobodyAndItsDrainDoes() {
        gate.released(0, false); // the transport went above its high watermark
        CompletableFuture<Void> admitted = blockedPublisher();

        for (int i = 0; i < 10; i++) {
            gate.released(0, false);
        }
        assertThat(gate.wakeUps()).isZero();

        gate.drained();
        assertThat(gate.wakeUps()).isEqualTo(1);
        Await.until("the publisher is let in", admitted::isDone);
    }

    @Test
    void aReleaseThatFindsTheTransportWritableAgainWakesAtOnce() {
        gate.released(0, false);
        CompletableFuture<Void> admitted = blockedPublisher();

        gate.released(0, true);
        assertThat(gate.wakeUps()).isEqualTo(1);
        Await.until("the publisher is let in", admitted::isDone);
    }
}
