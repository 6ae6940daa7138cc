package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.exceptions.StreamLostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LoopBridge}'s deferred acknowledgements: held while the thread dispatches, handed in as one task when the
 * round ends, before the thread hands in anything else or waits, or once {@link LoopBridge#MAX_DEFERRED} wait;
 * never held for other threads.
 */
class LoopBridgeDeferralTest {

    private final LoopBridge bridge = new LoopBridge(() -> {});
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void shutDown() {
        bridge.shutDown(new StreamLostException("test over"));
        assertThat(bridge.thread().isAlive()).isFalse();
    }

    @Test
    void acknowledgementsOfARoundAreHeldUntilItEndsThenRunInOrder() {
        bridge.beginDeferring();
        bridge.defer(() -> ran.add("ack 1"));
        bridge.defer(() -> ran.add("ack 2"));

        assertThat(probeLoop()).as("run before a later queued task").isEmpty();

        bridge.endDeferring();
        probeLoop();
        assertThat(ran).containsExactly("ack 1", "ack 2");
    }

    @Test
    void anotherTaskOfTheDeferringThreadGoesAfterItsHeldAcknowledgements() {
        bridge.beginDeferring();
        bridge.defer(() -> ran.add("ack"));
        bridge.execute(() -> ran.add("publish"));
        probeLoop();
        bridge.endDeferring();

        assertThat(ran).containsExactly("ack", "publish");
    }

    @Test
    void aWaitOfTheDeferringThreadSendsItsHeldAcknowledgementsFirst() {
        bridge.beginDeferring();
        bridge.defer(() -> ran.add("ack"));
        CompletableFuture<String> reply = new CompletableFuture<>();

        String answer = bridge.await(bridge.submit(reply, () -> reply.complete("reply after " + ran)));
        bridge.endDeferring();

        assertThat(answer).isEqualTo("reply after [ack]");
    }

    @Test
    void flushBeforeWaitingHandsTheHeldAcknowledgementsIn() {
        bridge.beginDeferring();
        bridge.defer(() -> ran.add("ack"));

        bridge.flushDeferred();

        assertThat(probeLoop()).containsExactly("ack");
        bridge.endDeferring();
    }

    @Test
    void aLongRoundHandsItsAcknowledgementsInEveryMaxDeferred() {
        bridge.beginDeferring();
        for (int i = 0; i < LoopBridge.MAX_DEFERRED; i++) {
            bridge.defer(() -> ran.add("ack"));
        }

        assertThat(probeLoop()).hasSize(LoopBridge.MAX_DEFERRED);
        bridge.endDeferring();
    }

    @Test
    void otherThreadsAreNeverHeldByADispatchRound() throws Exception {
        bridge.beginDeferring();
        Thread worker = new Thread(() -> bridge.defer(() -> ran.add("worker ack")));
        worker.start();
        worker.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(probeLoop()).containsExactly("worker ack");
        bridge.endDeferring();
    }

    /** Queues a task behind everything handed in so far and waits for it: returns what had run by then. */
    private List<String> probeLoop() {
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        bridge.loop().addCallbackThreadsafe(() -> seen.complete(List.copyOf(ran)));
        return seen.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
