package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.exceptions.ConnectionBlockedTimeoutException;
import dev.pika.spec.Connection.Blocked;
import dev.pika.spec.Connection.Unblocked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<String> events = new ArrayList<>();

    private ScriptedBroker open(Duration blockedTimeout) {
        ConnectionParameters.Builder params = ConnectionParameters.builder()
                .connectionName("blocked-test")
                .metricsCollector(new MetricsCollector() {
                    @Override
                    public void blocked(String connection, String reason) {
                        events.add("metrics blocked " + reason);
                    }

                    @Override
                    public void unblocked(String connection) {
                        events.add("metrics unblocked");
                    }
                });
        if (blockedTimeout != null) {
            params.blockedConnectionTimeout(blockedTimeout);
        }
        ScriptedBroker broker = ScriptedBroker.connected(params.build()).open();
        broker.connection.addOnConnectionBlockedCallback((c, method) -> events.add("blocked " + method.reason()));
        broker.connection.addOnConnectionUnblockedCallback((c, method) -> events.add("unblocked"));
        return broker;
    }

    @Test
    void blockedAndUnblockedReachTheCallbacks() {
        ScriptedBroker broker = open(null);
        broker.send(0, new Blocked("low on memory"));

        assertThat(broker.connection.isBlocked()).isTrue();
        assertThat(broker.connection.blockedReason()).contains("low on memory");

        broker.send(0, Unblocked.INSTANCE);

        assertThat(broker.connection.isBlocked()).isFalse();
        assertThat(broker.connection.blockedReason()).isEmpty();
        assertThat(events)
                .containsExactly(
                        "metrics blocked low on memory", "blocked low on memory", "metrics unblocked", "unblocked");
    }

    @Test
    void withoutATimeoutAConnectionMayStayBlockedForever() {
        ScriptedBroker broker = open(null);
        broker.send(0, new Blocked("low on disk"));
        broker.io.advance(Duration.ofDays(1));

        assertThat(broker.connection.isOpen()).isTrue();
    }

    @Test
    void stayingBlockedBeyondTheTimeoutClosesTheConnection() {
        ScriptedBroker broker = open(TIMEOUT);
        broker.send(0, new Blocked("low on memory"));
        broker.io.advance(TIMEOUT.minusMillis(1));
        assertThat(broker.connection.isOpen()).isTrue();

        broker.io.advance(Duration.ofMillis(1));

        assertThat(broker.connection.transport().aborted()).isTrue();
        broker.runLoop();
        assertThat(broker.closes)
                .singleElement()
                .isInstanceOf(ConnectionBlockedTimeoutException.class)
                .satisfies(e ->
                        assertThat(e.getMessage()).contains("low on memory").contains("PT30S"));
    }

    @Test
    void unblockingInTimeCancelsTheTimer() {
        ScriptedBroker broker = open(TIMEOUT);
        broker.send(0, new Blocked("low on memory"));
        broker.io.advance(TIMEOUT.minusSeconds(1));
        broker.send(0, Unblocked.INSTANCE);

        broker.io.advance(TIMEOUT.multipliedBy(3));

        assertThat(broker.connection.isOpen()).isTrue();
        assertThat(broker.io.activeTimers()).isZero();
    }

    @Test
    void aRepeatedBlockedDoesNotRestartTheTimer() {
        ScriptedBroker broker = open(TIMEOUT);
        broker.send(0, new Blocked("low on memory"));
        broker.io.advance(TIMEOUT.minusSeconds(1));
        broker.send(0, new Blocked("low on memory"));
        broker.io.advance(Duration.ofSeconds(1));

        assertThat(broker.connection.transport().aborted()).isTrue();
    }
}
