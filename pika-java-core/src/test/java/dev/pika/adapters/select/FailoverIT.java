package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.PlainCredentials;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Attempt;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Phase;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SelectConnection#createConnection} against a real broker: the first two parameter sets point at closed
 * ports, the third at the broker, which the workflow reaches; when every set fails, each attempt's cause is listed.
 */
@PikaIntegrationTest
class FailoverIT {

    TestBroker broker;
    private final IoLoop loop = new IoLoop();

    /** The outcome of a workflow. */
    private record Outcome(SelectConnection connection, AmqpConnectionException error) {}

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private ConnectionParameters closed(int port) {
        return LiveConnection.parameters(broker).host("127.0.0.1").port(port).build();
    }

    private Outcome run(List<ConnectionParameters> configs) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        SelectConnection.createConnection(
                configs, (connection, error) -> outcome.complete(new Outcome(connection, error)), loop);
        loop.startInBackground();
        return Loops.await(outcome);
    }

    @Test
    void theThirdParameterSetIsReachedWhenTheFirstTwoPointAtClosedPorts() throws Exception {
        ConnectionParameters third = LiveConnection.parameters(broker).build();

        Outcome outcome = run(List.of(closed(closedPort()), closed(closedPort()), third));

        assertThat(outcome.error()).isNull();
        SelectConnection connection = outcome.connection();
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.parameters()).isSameAs(third);
        CompletableFuture<AmqpConnectionException> closed = new CompletableFuture<>();
        Loops.onLoop(loop, () -> {
            connection.addOnCloseCallback((c, reason) -> closed.complete(reason));
            connection.channel(channel -> channel.close());
            connection.close();
        });
        assertThat(Loops.await(closed)).hasMessageContaining("Normal shutdown");
    }

    @Test
    void whenEverySetFailsEachAttemptsCauseIsListed() throws Exception {
        int first = closedPort();
        int second = closedPort();
        ConnectionParameters refused = LiveConnection.parameters(broker)
                .credentials(new PlainCredentials(broker.username(), "not-the-password"))
                .build();

        Outcome outcome = run(List.of(closed(first), closed(second), refused));

        assertThat(outcome.connection()).isNull();
        assertThat(outcome.error()).isInstanceOf(AmqpConnectionWorkflowFailedException.class);
        List<Attempt> attempts = ((AmqpConnectionWorkflowFailedException) outcome.error()).attempts();
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(0).address().getPort()).isEqualTo(first);
        assertThat(attempts.get(0).cause()).isInstanceOf(ConnectException.class);
        assertThat(attempts.get(1).address().getPort()).isEqualTo(second);
        assertThat(attempts.get(1).cause()).isInstanceOf(ConnectException.class);
        assertThat(attempts.get(2).phase()).isEqualTo(Phase.AMQP_HANDSHAKE);
        assertThat(attempts.get(2).cause())
                .isInstanceOfAny(ProbableAuthenticationException.class, AuthenticationException.class);
        assertThat(outcome.error())
                .hasMessageContaining("127.0.0.1:" + first)
                .hasMessageContaining("127.0.0.1:" + second)
                .hasMessageContaining(broker.host() + ":" + broker.port())
                .hasMessageNotContaining("not-the-password");
    }
}
