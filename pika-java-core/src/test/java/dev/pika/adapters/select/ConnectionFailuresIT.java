package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.PlainCredentials;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import dev.pika.testing.proxy.ProxiedConnection;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How an open connection learns that it ended, against a real broker: closed by the broker ({@code rabbitmqctl
 * close_connection}), its TCP stream cut (through a {@link FaultProxy}), the broker fallen silent (heartbeat
 * timeout); and how refused credentials are reported while opening.
 */
@PikaIntegrationTest
class ConnectionFailuresIT {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Detection is due within 2 heartbeat intervals; this adds scheduling slack on a busy machine. */
    private static final Duration HEARTBEAT_BOUND = HEARTBEAT.multipliedBy(2).plusSeconds(3);

    TestBroker broker;

    private FaultProxy proxy() {
        return FaultProxy.start(broker.host(), broker.port());
    }

    private ConnectionParameters.Builder through(FaultProxy proxy) {
        return LiveConnection.parameters(broker).host(proxy.host()).port(proxy.port());
    }

    @Test
    @RequiresRabbitMqCtl("closes the connection from the broker side with rabbitmqctl close_connection")
    void closedByTheBrokerReachesOnCloseAsConnectionClosedByBroker320(RabbitMqCtl ctl) throws Exception {
        try (LiveConnection live = LiveConnection.open(broker)) {
            ctl.awaitConnection(live.name(), Loops.TIMEOUT);

            ctl.closeConnectionByName(live.name(), "pika-java test: go away");

            AmqpConnectionException reason = live.awaitClosed();
            assertThat(reason).isInstanceOfSatisfying(ConnectionClosedByBrokerException.class, closed -> {
                assertThat(closed.replyCode()).isEqualTo(320);
                assertThat(closed.replyText()).contains("pika-java test: go away");
            });
            assertThat(live.connection.isClosed()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CutMode.class)
    void aCutStreamReachesOnCloseAsStreamLost(CutMode mode) throws Exception {
        try (FaultProxy proxy = proxy();
                LiveConnection live = LiveConnection.open(through(proxy).build())) {
            ProxiedConnection proxied = proxy.awaitConnections(1, Loops.TIMEOUT).get(0);

            proxied.cut(mode);

            assertThat(live.awaitClosed()).isInstanceOf(StreamLostException.class);
            assertThat(live.connection.isClosed()).isTrue();
        }
    }

    @Test
    void aSilencedBrokerReachesOnCloseAsHeartbeatTimeout() throws Exception {
        try (FaultProxy proxy = proxy();
                LiveConnection live =
                        LiveConnection.open(through(proxy).heartbeat(HEARTBEAT).build())) {
            assertThat(live.call(live.connection::heartbeat)).isEqualTo(HEARTBEAT);

            proxy.stall(Direction.TO_CLIENT);

            AmqpConnectionException reason = live.closed.get(HEARTBEAT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(reason).isInstanceOf(AmqpHeartbeatTimeoutException.class).hasMessageContaining("heartbeat");
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureNamingUserAndVirtualHostButNotThePassword() {
        String password = "wrong-" + broker.name("password").hashCode();
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                LiveConnection.parameters(broker)
                        .credentials(new PlainCredentials(broker.username(), password))
                        .build(),
                (Connection opened) -> failed.completeExceptionally(new AssertionError("opened")),
                (c, error) -> failed.complete(error),
                null);
        connection.ioloop().startInBackground();
        try {
            AmqpConnectionException error = Loops.await(failed);

            assertThat(error)
                    .isInstanceOfAny(ProbableAuthenticationException.class, AuthenticationException.class)
                    .hasMessageContaining("'" + broker.username() + "'")
                    .hasMessageContaining("'" + broker.virtualHost() + "'")
                    .hasMessageNotContaining(password);
            assertThat(String.valueOf(error.getCause())).doesNotContain(password);
            assertThat(connection.isClosed()).isTrue();
        } finally {
            connection.ioloop().close();
        }
    }
}
