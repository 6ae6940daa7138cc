package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.PikaMessageListener;
import dev.pika.spring.listener.RejectMessageException;
import dev.pika.spring.listener.RequeueMessageException;
import dev.pika.spring.listener.observation.PikaListenerInvocation;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.spring.listener.retry.ListenerRetryTemplates;
import dev.pika.spring.listener.retry.MessageRecoverer;
import dev.pika.spring.listener.retry.RejectAndDontRequeueRecoverer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.retry.support.RetryTemplate;

/** The outcome of one delivery: retry, recoverer, ack modes, observer calls. No broker. */
class DeliveryProcessorTest {

    private final List<DeliveryAcknowledgement> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger workerSettled = new AtomicInteger();
    private final ConsumerSession session = new ConsumerSession(1, 10, workerSettled::incrementAndGet);
    private final SettlementQueue settlements = new SettlementQueue(Runnable::run, sent::add, () -> {}, 1);
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicReference<Throwable> recovered = new AtomicReference<>();

    private final PikaListenerInvocationObserver observer = invocation -> {
        observed.add("start " + invocation.listenerId() + " " + invocation.queue());
        return new PikaListenerInvocationObserver.Invocation() {
            @Override
            public void success() {
                observed.add("success");
            }

            @Override
            public void failure(Throwable error) {
                observed.add("failure " + error.getMessage());
            }
        };
    };

    private static final RetryTemplate THREE_ATTEMPTS =
            ListenerRetryTemplates.exponential(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1));

    private Settlement run(
            AckMode mode, RetryTemplate retry, MessageRecoverer recoverer, PikaMessageListener listener) {
        ContainerSettings settings = new ContainerSettings(
                1,
                10,
                mode,
                true,
                retry,
                (delivery, id, cause) -> {
                    recovered.set(cause);
                    recoverer.recover(delivery, id, cause);
                },
                observer,
                Duration.ofSeconds(1),
                ResubscribePolicy.DEFAULT,
                false,
                Duration.ofMillis(50));
        DeliveryProcessor processor = new DeliveryProcessor("id", "conn", listener, settings);
        PikaDelivery delivery = new PikaDelivery(
                new Basic.Deliver("ctag", 7, false, "", "q"), BasicProperties.EMPTY, new byte[] {1}, "q");
        processor.process(delivery, new DeliveryAcknowledgement(session, 7, settlements, mode == AckMode.NONE));
        assertThat(sent).hasSizeLessThanOrEqualTo(1);
        return sent.isEmpty() ? null : sent.get(0).settlement();
    }

    private PikaMessageListener failing(RuntimeException error) {
        return (delivery, ack) -> {
            attempts.incrementAndGet();
            throw error;
        };
    }

    @Test
    void aListenerThatReturnsIsAcked() {
        assertThat(run(
                        AckMode.AUTO,
                        THREE_ATTEMPTS,
                        new RejectAndDontRequeueRecoverer(),
                        (d, a) -> attempts.incrementAndGet()))
                .isEqualTo(Settlement.ACK);
        assertThat(attempts).hasValue(1);
        assertThat(observed).containsExactly("start id q", "success");
        assertThat(workerSettled).hasValue(1);
        assertThat(sent.get(0).deliveryTag()).isEqualTo(7);
        assertThat(sent.get(0).session()).isSameAs(session);
    }

    @Test
    void anAlwaysFailingListenerIsTriedMaxAttemptsTimesThenRejectedWithoutRequeue() {
        Settlement outcome = run(
                AckMode.AUTO,
                THREE_ATTEMPTS,
                new RejectAndDontRequeueRecoverer(),
                failing(new IllegalStateException("boom")));
        assertThat(outcome).isEqualTo(Settlement.DISCARD);
        assertThat(attempts).hasValue(3);
        assertThat(recovered.get()).hasMessage("boom");
        assertThat(observed).containsExactly("start id q", "failure boom");
    }

    @Test
    void withoutRetryTheRecovererRunsAfterTheOnlyAttempt() {
        assertThat(run(
                        AckMode.AUTO,
                        null,
                        new RejectAndDontRequeueRecoverer(),
                        failing(new IllegalStateException("x"))))
                .isEqualTo(Settlement.DISCARD);
        assertThat(attempts).hasValue(1);
        assertThat(recovered.get()).hasMessage("x");
    }

    @Test
    void aListenerThatSucceedsOnItsSecondAttemptIsAcked() {
        Settlement outcome = run(AckMode.AUTO, THREE_ATTEMPTS, new RejectAndDontRequeueRecoverer(), (d, a) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("transient");
            }
        });
        assertThat(outcome).isEqualTo(Settlement.ACK);
        assertThat(attempts).hasValue(2);
        assertThat(recovered.get()).isNull();
        assertThat(observed).containsExactly("start id q", "success");
    }

    @Test
    void aRequeueExceptionInTheCauseChainRequeuesAtOnce() {
        Settlement outcome = run(
                AckMode.AUTO,
                THREE_ATTEMPTS,
                new RejectAndDontRequeueRecoverer(),
                failing(new IllegalStateException("wrapped", new RequeueMessageException("later"))));
        assertThat(outcome).isEqualTo(Settlement.REQUEUE);
        assertThat(attempts).hasValue(1);
        assertThat(recovered.get()).as("no recoverer").isNull();
    }

    @Test
    void aRejectExceptionRejectsAtOnce() {
        Settlement outcome = run(
                AckMode.AUTO,
                THREE_ATTEMPTS,
                new RejectAndDontRequeueRecoverer(),
                failing(new RejectMessageException("bad")));
        assertThat(outcome).isEqualTo(Settlement.DISCARD);
        assertThat(attempts).hasValue(1);
        assertThat(recovered.get()).isNull();
    }

    @Test
    void aRecovererThatReturnsMeansAck() {
        assertThat(run(AckMode.AUTO, THREE_ATTEMPTS, (d, id, c) -> {}, failing(new IllegalStateException("x"))))
                .isEqualTo(Settlement.ACK);
        assertThat(observed).containsExactly("start id q", "failure x");
    }

    @Test
    void aRecovererThatAsksForRequeueRequeues() {
        assertThat(run(
                        AckMode.AUTO,
                        null,
                        (d, id, c) -> {
                            throw new RequeueMessageException("again");
                        },
                        failing(new IllegalStateException("x"))))
                .isEqualTo(Settlement.REQUEUE);
    }

    @Test
    void aRecovererThatFailsOtherwiseRejectsWithoutRequeue() {
        assertThat(run(
                        AckMode.AUTO,
                        null,
                        (d, id, c) -> {
                            throw new IllegalArgumentException("recoverer broken");
                        },
                        failing(new IllegalStateException("x"))))
                .isEqualTo(Settlement.DISCARD);
    }

    @Test
    void manualModeLeavesSettlementToTheListenerEvenLater() {
        AtomicReference<dev.pika.spring.listener.Acknowledgement> kept = new AtomicReference<>();
        assertThat(run(AckMode.MANUAL, null, new RejectAndDontRequeueRecoverer(), (d, a) -> kept.set(a)))
                .isNull();
        assertThat(workerSettled).hasValue(0);
        Thread other = new Thread(() -> kept.get().nack(true));
        other.start();
        assertThat(other).satisfies(t -> t.join(10_000));
        assertThat(sent).extracting(DeliveryAcknowledgement::settlement).containsExactly(Settlement.REQUEUE);
        kept.get().ack();
        assertThat(sent).as("only the first call counts").hasSize(1);
        assertThat(kept.get().isSettled()).isTrue();
    }

    @Test
    void manualModeListenerThatSettledAndThenThrewIsNotSettledAgain() {
        Settlement outcome = run(AckMode.MANUAL, THREE_ATTEMPTS, new RejectAndDontRequeueRecoverer(), (d, a) -> {
            attempts.incrementAndGet();
            a.ack();
            throw new IllegalStateException("after ack");
        });
        assertThat(outcome).isEqualTo(Settlement.ACK);
        assertThat(attempts).as("no retry after the listener settled").hasValue(1);
        assertThat(recovered.get()).isNull();
    }

    @Test
    void noneModeSendsNothing() {
        assertThat(run(AckMode.NONE, null, new RejectAndDontRequeueRecoverer(), (d, a) -> attempts.incrementAndGet()))
                .isNull();
        assertThat(workerSettled).as("counted as done").hasValue(1);
    }

    @Test
    void anObserverThatThrowsDoesNotChangeTheOutcome() {
        ContainerSettings settings = new ContainerSettings(
                1,
                10,
                AckMode.AUTO,
                true,
                null,
                new RejectAndDontRequeueRecoverer(),
                invocation -> {
                    throw new IllegalStateException("observer broken");
                },
                Duration.ofSeconds(1),
                ResubscribePolicy.DEFAULT,
                false,
                Duration.ofMillis(50));
        new DeliveryProcessor("id", "conn", (d, a) -> {}, settings)
                .process(
                        new PikaDelivery(new Basic.Deliver("c", 1, false, "", "q"), null, new byte[0], "q"),
                        new DeliveryAcknowledgement(session, 1, settlements, false));
        assertThat(sent).extracting(DeliveryAcknowledgement::settlement).containsExactly(Settlement.ACK);
    }

    @Test
    void invocationCarriesTheDelivery() {
        AtomicReference<PikaListenerInvocation> seen = new AtomicReference<>();
        ContainerSettings settings = new ContainerSettings(
                1,
                10,
                AckMode.AUTO,
                true,
                null,
                new RejectAndDontRequeueRecoverer(),
                invocation -> {
                    seen.set(invocation);
                    return PikaListenerInvocationObserver.Invocation.NOOP;
                },
                Duration.ofSeconds(1),
                ResubscribePolicy.DEFAULT,
                false,
                Duration.ofMillis(50));
        new DeliveryProcessor("listener", "conn", (d, a) -> {}, settings)
                .process(
                        new PikaDelivery(new Basic.Deliver("c", 3, true, "ex", "rk"), null, new byte[5], "q"),
                        new DeliveryAcknowledgement(session, 3, settlements, false));
        assertThat(seen.get().listenerId()).isEqualTo("listener");
        assertThat(seen.get().connectionName()).isEqualTo("conn");
        assertThat(seen.get().bodySize()).isEqualTo(5);
        assertThat(seen.get().deliver().redelivered()).isTrue();
    }
}
