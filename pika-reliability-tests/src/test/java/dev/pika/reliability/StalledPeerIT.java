package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import dev.pika.testing.proxy.ProxiedConnection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broker that falls silent behind the {@link FaultProxy} (stalled: nothing is read or forwarded either way; or
 * black-holed: everything is read and dropped either way) with a 2 s heartbeat: the client declares it dead with
 * {@link AmqpHeartbeatTimeoutException} within two heartbeat intervals of the fault, closes its socket (the proxy,
 * once it listens again, sees the client's end of the stream) and leaves no {@code pika-} thread behind. For both
 * adapters: the {@code SelectConnection}'s close callback, the {@code BlockingConnection}'s {@code startConsuming()}
 * throwing.
 */
@PikaIntegrationTest
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StalledPeerIT {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    /** The promise: detection within two intervals of the broker falling silent. */
    static final Duration DETECTION_BOUND = HEARTBEAT.multipliedBy(2);

    /**
     * Slack for timers firing late on a loaded 2-core machine (the checker's own bound is 1.75 intervals of silence,
     * so detection normally lands well inside {@link #DETECTION_BOUND}).
     */
    static final Duration SCHEDULING_SLACK = Duration.ofMillis(750);

    TestBroker broker;

    /** How the broker falls silent. */
    enum Silence {
        STALL,
        BLACK_HOLE
    }

    private ConnectionParameters parameters(FaultProxy proxy, String hint) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .host(proxy.host())
                .port(proxy.port())
                .heartbeat(HEARTBEAT)
                .connectionName(broker.name(hint))
                .build();
    }

    private static void silence(FaultProxy proxy, Silence silence) {
        if (silence == Silence.STALL) {
            proxy.stall(Direction.BOTH);
        } else {
            proxy.blackHole(Direction.BOTH);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Silence.class)
    void selectConnectionDetectsASilentBrokerWithinTwoHeartbeats(Silence silence) throws Exception {
        Set<String> threadsBefore = PikaThreads.live();
        Duration detected;
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ProxiedConnection proxied;
            try (SelectSession session = SelectSession.open(parameters(proxy, "stalled-select"))) {
                assertThat(session.call(session.connection::heartbeat)).isEqualTo(HEARTBEAT);
                proxied = proxy.awaitConnections(1, SelectSession.TIMEOUT).get(0);

                long faultAt = System.nanoTime();
                silence(proxy, silence);
                AmqpConnectionException reason =
                        Waits.await("the heartbeat timeout", session.closed, DETECTION_BOUND.multipliedBy(3));
                detected = Duration.ofNanos(System.nanoTime() - faultAt);

                assertThat(reason)
                        .isInstanceOf(AmqpHeartbeatTimeoutException.class)
                        .hasMessageContaining("heartbeat");
                assertThat(session.call(session.connection::isClosed)).isTrue();
                // released by the connection itself, while the application's loop still runs
                assertClientSocketClosed(proxy, proxied);
                assertThat(session.loopThread.isAlive()).isTrue();
            }
        }
        PikaThreads.awaitNoneBut(threadsBefore, SelectSession.TIMEOUT);
        reportAndCheck("stalled peer (" + name(silence) + "), SelectConnection", detected);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Silence.class)
    void blockingConnectionDetectsASilentBrokerWithinTwoHeartbeats(Silence silence) throws Exception {
        Set<String> threadsBefore = PikaThreads.live();
        Duration detected;
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ProxiedConnection proxied;
            String queue = broker.name("stalled");
            try (BlockingConnection connection = new BlockingConnection(parameters(proxy, "stalled-blocking"))) {
                BlockingChannel channel = connection.channel();
                channel.queueDeclare(queue, false, false, true, false, null);
                channel.basicConsume(queue, (ch, method, properties, body) -> {});
                proxied = proxy.awaitConnections(1, SelectSession.TIMEOUT).get(0);
                Set<String> connectionThreads = PikaThreads.live();
                connectionThreads.removeAll(threadsBefore);
                assertThat(connectionThreads).as("the connection's I/O thread").isNotEmpty();

                long faultAt = System.nanoTime();
                silence(proxy, silence);
                assertThatThrownBy(channel::startConsuming)
                        .isInstanceOf(AmqpHeartbeatTimeoutException.class)
                        .hasMessageContaining("heartbeat");
                detected = Duration.ofNanos(System.nanoTime() - faultAt);

                assertThat(connection.isClosed()).isTrue();
                // released by the connection itself, before the application closes it
                PikaThreads.awaitNoneBut(threadsBefore, SelectSession.TIMEOUT);
                assertClientSocketClosed(proxy, proxied);
            }
        }
        reportAndCheck("stalled peer (" + name(silence) + "), BlockingConnection", detected);
    }

    /**
     * Lets the proxy read and forward again: it then sees the end of the client's stream and closes its side too
     * (the bytes the client sent before closing are forwarded to the broker, which no longer matters).
     */
    private static void assertClientSocketClosed(FaultProxy proxy, ProxiedConnection proxied) throws Exception {
        proxy.resume(Direction.BOTH);
        assertThat(proxied.awaitClosed(SelectSession.TIMEOUT))
                .as("the client closed its socket")
                .isTrue();
    }

    private static String name(Silence silence) {
        return silence == Silence.STALL ? "stall both ways" : "black hole both ways";
    }

    private static void reportAndCheck(String fault, Duration detected) {
        System.out.println("[pika-reliability] " + fault + ": heartbeat " + HEARTBEAT.toMillis()
                + " ms, detected after " + detected.toMillis() + " ms");
        ReliabilityReport.shared()
                .add(new ReliabilityReport.Row(
                        fault,
                        1,
                        0,
                        0,
                        0,
                        detected,
                        "heartbeat " + HEARTBEAT.toSeconds() + " s: AmqpHeartbeatTimeoutException, socket closed, no"
                                + " pika- thread left (recovery time = detection time)"));
        assertThat(detected)
                .as("detected within 2 heartbeat intervals (+ scheduling slack)")
                .isLessThanOrEqualTo(DETECTION_BOUND.plus(SCHEDULING_SLACK));
    }
}
