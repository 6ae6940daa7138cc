package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerStateMachineTest {

    private final ResubscribePolicy policy =
            new ResubscribePolicy(Duration.ofMillis(100), 2.0, Duration.ofMillis(300), 3);
    private final ConsumerStateMachine machine = new ConsumerStateMachine("id", policy);

    @Test
    void startsStoppedThenStartingThenConsuming() {
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.STOPPED);
        machine.consuming();
        assertThat(machine.state()).as("not started: ignored").isEqualTo(PikaListenerConsumerState.STOPPED);
        machine.starting();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.STARTING);
        machine.consuming();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.CONSUMING);
        assertThat(machine.lastFailure()).isNull();
    }

    @Test
    void aLostConnectionRecoversWithoutCountingAttempts() {
        machine.starting();
        machine.consuming();
        IllegalStateException cause = new IllegalStateException("cut");
        machine.connectionLost(cause);
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.RECOVERING);
        assertThat(machine.lastFailure()).isSameAs(cause);
        assertThat(machine.attempts()).isZero();
        machine.connectionOpened();
        machine.consuming();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.CONSUMING);
        assertThat(machine.lastFailure()).as("kept for health details").isSameAs(cause);
    }

    @Test
    void channelClosesBackOffThenFailWhenThePolicyRunsOut() {
        machine.starting();
        assertThat(machine.channelClosed(new IllegalStateException("406"), false))
                .contains(Duration.ofMillis(100));
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.RECOVERING);
        assertThat(machine.channelClosed(new IllegalStateException("406"), false))
                .contains(Duration.ofMillis(200));
        assertThat(machine.channelClosed(new IllegalStateException("406"), false))
                .contains(Duration.ofMillis(300));
        assertThat(machine.channelClosed(new IllegalStateException("406"), false))
                .isEmpty();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.FAILED);
    }

    @Test
    void aRefusedSubscriptionShowsFailedWhileItKeepsTrying() {
        machine.starting();
        assertThat(machine.channelClosed(new IllegalStateException("404"), true))
                .isPresent();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.FAILED);
        machine.consuming();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.CONSUMING);
        assertThat(machine.attempts()).as("reset by a subscription").isZero();
    }

    @Test
    void aBrokerCancelIsCancelledAndResubscribes() {
        machine.starting();
        machine.consuming();
        assertThat(machine.brokerCancelled(new IllegalStateException("queue deleted")))
                .contains(Duration.ofMillis(100));
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.CANCELLED);
        assertThat(machine.lastFailure()).hasMessage("queue deleted");
    }

    @Test
    void eventsWhileStoppingChangeNothing() {
        machine.starting();
        machine.consuming();
        machine.stopping();
        assertThat(machine.channelClosed(new IllegalStateException("closed"), false))
                .isEmpty();
        assertThat(machine.brokerCancelled(new IllegalStateException("cancel"))).isEmpty();
        machine.connectionLost(new IllegalStateException("lost"));
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.STOPPING);
        assertThat(machine.state().isRunning()).isFalse();
        machine.stopped();
        assertThat(machine.state()).isEqualTo(PikaListenerConsumerState.STOPPED);
    }

    @Test
    void zeroMaxAttemptsTriesForever() {
        ConsumerStateMachine forever = new ConsumerStateMachine("id", ResubscribePolicy.DEFAULT);
        forever.starting();
        for (int i = 0; i < 100; i++) {
            assertThat(forever.channelClosed(new IllegalStateException("x"), false))
                    .isPresent();
        }
        assertThat(forever.channelClosed(new IllegalStateException("x"), false))
                .as("the longest wait, 30 s, within the default's 10 % jitter")
                .hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33)));
    }
}
