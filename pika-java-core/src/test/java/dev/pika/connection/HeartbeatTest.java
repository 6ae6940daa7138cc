package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.spec.Connection.Tune;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The heartbeat rule on the manual clock: send after T/2 of silence, detect a dead broker within 2 T. */
class HeartbeatTest {

    private static final int TIMEOUT_SECONDS = 4;
    private static final Duration T = Duration.ofSeconds(TIMEOUT_SECONDS);

    private static ScriptedBroker openWithHeartbeat(ConnectionParameters params) {
        ScriptedBroker broker = ScriptedBroker.connected(params).open(new Tune(2047, 131072, TIMEOUT_SECONDS));
        assertThat(broker.connection.heartbeat()).isEqualTo(T);
        return broker;
    }

    private static ScriptedBroker openWithHeartbeat() {
        return openWithHeartbeat(ConnectionParameters.defaults());
    }

    @Test
    void anIdleConnectionSendsAHeartbeatEveryHalfTimeout() {
        ScriptedBroker broker = openWithHeartbeat();
        List<Duration> sentAt = new ArrayList<>();
        Duration start = broker.io.elapsed();
        for (int step = 0; step < 80; step++) {
            broker.io.advance(Duration.ofMillis(250));
            if (step % 8 == 0) {
                broker.sendHeartbeat(); // the broker stays alive
            }
            for (ScriptedBroker.Frame frame : broker.drainAll()) {
                assertThat(frame.isHeartbeat()).as("%s", frame).isTrue();
                sentAt.add(broker.io.elapsed().minus(start));
            }
        }

        assertThat(sentAt).hasSizeGreaterThanOrEqualTo(8);
        for (int i = 1; i < sentAt.size(); i++) {
            assertThat(sentAt.get(i).minus(sentAt.get(i - 1))).isEqualTo(T.dividedBy(2));
        }
        assertThat(broker.connection.isOpen()).isTrue();
    }

    @Test
    void theFirstHeartbeatFollowsAtLeastHalfTimeoutOfSilence() {
        ScriptedBroker broker = openWithHeartbeat();
        broker.drainAll();
        Channel channel = broker.openChannel();
        Duration lastWrite = broker.io.elapsed();
        while (broker.drainAll().isEmpty()) {
            broker.io.advance(Duration.ofMillis(10));
            assertThat(broker.io.elapsed().minus(lastWrite)).isLessThan(T);
        }
        Duration silence = broker.io.elapsed().minus(lastWrite);

        assertThat(silence).isBetween(T.dividedBy(2), T.multipliedBy(3).dividedBy(4));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBusyConnectionSendsNoHeartbeat() {
        ScriptedBroker broker = openWithHeartbeat();
        Channel channel = broker.openChannel();
        for (int step = 0; step < 40; step++) {
            channel.basicPublish("", "q", new byte[] {1});
            broker.io.advance(Duration.ofMillis(500));
            broker.sendHeartbeat();
            assertThat(broker.drainAll())
                    .allSatisfy(frame -> assertThat(frame.isHeartbeat()).isFalse());
        }
        assertThat(broker.connection.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "last data {0} ms after a tick")
    @ValueSource(ints = {0, 1, 250, 500, 999})
    void aSilentBrokerIsDetectedAfterMoreThanOneAndAHalfAndWithinTwoTimeouts(int offsetMillis) {
        List<String> events = new ArrayList<>();
        ConnectionParameters params = ConnectionParameters.builder()
                .metricsCollector(new MetricsCollector() {
                    @Override
                    public void heartbeatTimeout(String connection) {
                        events.add("heartbeatTimeout " + connection);
                    }
                })
                .connectionName("hb")
                .build();
        ScriptedBroker broker = openWithHeartbeat(params);
        Channel channel = broker.openChannel();
        List<Object> channelClose = new ArrayList<>();
        channel.addOnCloseCallback((c, reason) -> channelClose.add(reason));
        // The checker ticks every T/4 = 1 s from Connection.Tune, which came at a whole second of the clock.
        long sinceTick = broker.io.elapsed().toNanos() % Duration.ofSeconds(1).toNanos();
        broker.io.advance(Duration.ofSeconds(1).minusNanos(sinceTick));
        broker.io.advance(Duration.ofMillis(offsetMillis));
        broker.sendHeartbeat();
        Duration lastData = broker.io.elapsed();

        while (broker.connection.isOpen()) {
            broker.io.advance(Duration.ofMillis(1));
            broker.drainAll();
            assertThat(broker.io.elapsed().minus(lastData)).isLessThanOrEqualTo(T.multipliedBy(2));
        }
        Duration detectedAfter = broker.io.elapsed().minus(lastData);
        broker.runLoop();

        assertThat(detectedAfter).isGreaterThan(T.multipliedBy(3).dividedBy(2)).isLessThanOrEqualTo(T.multipliedBy(2));
        assertThat(broker.connection.transport().aborted()).isTrue();
        assertThat(broker.closes)
                .singleElement()
                .isInstanceOf(AmqpHeartbeatTimeoutException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("4 s"));
        assertThat(channelClose).singleElement().isSameAs(broker.closes.get(0));
        assertThat(events).containsExactly("heartbeatTimeout hb");
    }

    @Test
    void aBrokerSendingEveryHalfTimeoutIsNeverDeclaredDead() {
        ScriptedBroker broker = openWithHeartbeat();
        for (int i = 0; i < 200; i++) {
            broker.io.advance(T.dividedBy(2));
            broker.sendHeartbeat();
        }
        assertThat(broker.connection.isOpen()).isTrue();
    }

    @Test
    void aBrokerWhoseGapsReachTheTimeoutIsNotDeclaredDeadEither() {
        ScriptedBroker broker = openWithHeartbeat();
        for (int i = 0; i < 100; i++) {
            broker.io.advance(T.minusMillis(1));
            broker.sendHeartbeat();
            broker.io.advance(Duration.ofMillis(1));
        }
        assertThat(broker.connection.isOpen()).isTrue();
    }

    @Test
    void heartbeatZeroDisablesSendingAndChecking() {
        ScriptedBroker broker = ScriptedBroker.connected(
                        ConnectionParameters.builder().heartbeat(Duration.ZERO).build())
                .open(new Tune(2047, 131072, 60));
        assertThat(broker.io.activeTimers()).isZero();

        broker.io.advance(Duration.ofHours(1));

        broker.expectNothing();
        assertThat(broker.connection.isOpen()).isTrue();
    }

    @Test
    void theTimersStopWhenTheConnectionCloses() {
        ScriptedBroker broker = openWithHeartbeat();
        broker.connection.close();
        broker.expect(0, dev.pika.spec.Connection.Close.class);
        broker.send(0, dev.pika.spec.Connection.CloseOk.INSTANCE);
        broker.runLoop();

        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.io.activeTimers()).isZero();
    }
}
