package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.PlainCredentials;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Attempt;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Phase;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.spec.Connection.StartOk;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pika's connection workflow against scripted peers on loopback (no broker): failover order, cycles and retry delay,
 * which failures move on and which end it, stack timeout in each phase, abort in each phase, and the constructor
 * form's rules.
 */
class AmqpConnectionWorkflowTest {

    private final IoLoop loop = new IoLoop();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The outcome of a workflow. */
    private record Outcome(SelectConnection connection, AmqpConnectionException error) {}

    @AfterEach
    void closeEverything() throws Exception {
        loop.close();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private FakeBroker fake(FakeBroker.Behaviour behaviour) throws IOException {
        FakeBroker broker = new FakeBroker(behaviour);
        resources.add(broker);
        return broker;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ConnectionParameters.Builder params(int port) {
        return ConnectionParameters.builder().host("127.0.0.1").port(port);
    }

    /** Waits until the constructor form's workflow has failed {@code count} attempts (it is then pausing). */
    private void awaitFailedAttempts(SelectConnection connection, int count) {
        Loops.awaitCondition(
                count + " failed attempts",
                () -> Loops.onLoop(loop, () -> {
                    AmqpConnectionWorkflow workflow = connection.connectionWorkflow();
                    return workflow != null && workflow.failedAttempts() >= count;
                }));
    }

    private CompletableFuture<Outcome> createConnection(List<ConnectionParameters> configs) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        AmqpConnectionWorkflow workflow = SelectConnection.createConnection(
                configs, (connection, error) -> outcome.complete(new Outcome(connection, error)), loop);
        assertThat(workflow.ioloop()).isSameAs(loop);
        return outcome;
    }

    @Test
    void failoverSkipsTwoClosedPortsAndOpensTheThirdParameterSet() throws Exception {
        FakeBroker broker = fake(FakeBroker.Behaviour.OPEN);
        int first = closedPort();
        int second = closedPort();
        loop.startInBackground();

        Outcome outcome = Loops.await(createConnection(List.of(
                params(first).build(),
                params(second).build(),
                params(broker.port()).connectionName("third").build())));

        assertThat(outcome.error()).isNull();
        assertThat(outcome.connection().isOpen()).isTrue();
        assertThat(outcome.connection().parameters().port()).isEqualTo(broker.port());
        assertThat(outcome.connection().name()).isEqualTo("third");
        assertThat(broker.accepted()).isEqualTo(1);
        Loops.onLoop(loop, () -> outcome.connection().close());
        Loops.awaitCondition("the close handshake", () -> outcome.connection().isClosed());
    }

    @Test
    void whenEveryAttemptFailsEachOneIsListedInOrderForEveryCycle() throws Exception {
        int closed = closedPort();
        loop.startInBackground();
        long started = System.nanoTime();

        Outcome outcome = Loops.await(createConnection(List.of(
                params(closed).build(),
                ConnectionParameters.builder().host("no-such-host.invalid").build(),
                params(closed)
                        .connectionAttempts(2)
                        .retryDelay(Duration.ofMillis(200))
                        .build())));

        assertThat(System.nanoTime() - started)
                .as("one retry delay between the cycles")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(outcome.connection()).isNull();
        AmqpConnectionWorkflowFailedException failed = (AmqpConnectionWorkflowFailedException) outcome.error();
        assertThat(failed.attempts())
                .extracting(Attempt::phase)
                .containsExactly(
                        Phase.CONNECT, Phase.RESOLVE, Phase.CONNECT, Phase.CONNECT, Phase.RESOLVE, Phase.CONNECT);
        assertThat(failed.attempts().get(0).cause()).isInstanceOf(ConnectException.class);
        assertThat(failed.attempts().get(0).address().getPort()).isEqualTo(closed);
        assertThat(failed.attempts().get(1).cause()).isInstanceOf(UnknownHostException.class);
        assertThat(failed.attempts().get(1).host()).isEqualTo("no-such-host.invalid");
        assertThat(failed.attempts().get(1).address()).isNull();
        assertThat(failed)
                .hasMessageContaining("6 attempts")
                .hasMessageContaining("127.0.0.1:" + closed)
                .hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void refusedCredentialsMoveOnToTheNextParameterSetInTheFailoverForm() throws Exception {
        FakeBroker refusing = fake(FakeBroker.Behaviour.REFUSE_LOGIN);
        FakeBroker accepting = fake(FakeBroker.Behaviour.OPEN);
        loop.startInBackground();

        Outcome outcome = Loops.await(createConnection(List.of(
                params(refusing.port())
                        .credentials(new PlainCredentials("old-user", "old-secret"))
                        .build(),
                params(accepting.port()).build())));

        assertThat(outcome.error()).isNull();
        assertThat(outcome.connection().parameters().port()).isEqualTo(accepting.port());
        assertThat(refusing.accepted()).isEqualTo(1);
        assertThat(refusing.received()).hasAtLeastOneElementOfType(StartOk.class);
    }

    @Test
    void theConstructorFormEndsAfterItsFirstAmqpHandshake() throws Exception {
        FakeBroker refusing = fake(FakeBroker.Behaviour.REFUSE_LOGIN);
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        new SelectConnection(
                params(refusing.port())
                        .credentials(new PlainCredentials("bob", "s3cret-pw"))
                        .connectionAttempts(3)
                        .retryDelay(Duration.ofMillis(10))
                        .build(),
                opened -> failed.completeExceptionally(new AssertionError("opened")),
                (c, error) -> failed.complete(error),
                null,
                loop);
        loop.startInBackground();

        AmqpConnectionException error = Loops.await(failed);

        assertThat(error)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("bob")
                .hasMessageContaining("'/'")
                .hasMessageNotContaining("s3cret-pw");
        assertThat(refusing.accepted()).as("no second attempt").isEqualTo(1);
    }

    @Test
    void theConstructorFormRetriesConnectFailuresThenListsThem() throws Exception {
        int closed = closedPort();
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        new SelectConnection(
                params(closed)
                        .connectionAttempts(3)
                        .retryDelay(Duration.ofMillis(50))
                        .build(),
                opened -> failed.completeExceptionally(new AssertionError("opened")),
                (c, error) -> failed.complete(error),
                null,
                loop);
        loop.startInBackground();

        AmqpConnectionException error = Loops.await(failed);

        assertThat(error)
                .isInstanceOfSatisfying(
                        AmqpConnectionWorkflowFailedException.class,
                        workflow -> assertThat(workflow.attempts())
                                .hasSize(3)
                                .allSatisfy(
                                        attempt -> assertThat(attempt.cause()).isInstanceOf(ConnectException.class)));
    }

    @Test
    void theConstructorFormConnectsOnALaterCycle() throws Exception {
        int port = closedPort();
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                params(port)
                        .connectionAttempts(50)
                        .retryDelay(Duration.ofMillis(100))
                        .build(),
                opened::complete,
                (c, error) -> opened.completeExceptionally(error),
                null,
                loop);
        loop.startInBackground();
        awaitFailedAttempts(connection, 2);

        // the broker comes up on that port while the workflow is retrying
        FakeBroker late = new FakeBroker(FakeBroker.Behaviour.OPEN, port);
        resources.add(late);

        assertThat(Loops.await(opened).isOpen()).isTrue();
        assertThat(late.accepted()).isEqualTo(1);
    }

    @Test
    void theStackTimeoutBoundsTheAmqpHandshake() throws Exception {
        FakeBroker silent = fake(FakeBroker.Behaviour.SILENT);
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        new SelectConnection(
                params(silent.port()).stackTimeout(Duration.ofMillis(300)).build(),
                opened -> failed.completeExceptionally(new AssertionError("opened")),
                (c, error) -> failed.complete(error),
                null,
                loop);
        loop.startInBackground();

        AmqpConnectionException error = Loops.await(failed);

        assertThat(error)
                .hasMessageContaining("stackTimeout (PT0.3S) expired during the AMQP handshake")
                .hasMessageContaining("state PROTOCOL")
                .hasCauseInstanceOf(SocketTimeoutException.class);
        Loops.awaitCondition("the socket was closed", () -> silent.endedByClient() == 1);
    }

    @Test
    void theStackTimeoutBoundsTheTlsHandshakeAndMovesOn() throws Exception {
        FakeBroker silent = fake(FakeBroker.Behaviour.SILENT);
        FakeBroker accepting = fake(FakeBroker.Behaviour.OPEN);
        loop.startInBackground();

        Outcome outcome = Loops.await(createConnection(List.of(
                params(silent.port())
                        .sslOptions(dev.pika.SslOptions.builder()
                                .context(SSLContext.getDefault())
                                .build())
                        .stackTimeout(Duration.ofMillis(300))
                        .build(),
                params(accepting.port()).build())));

        assertThat(outcome.connection().parameters().port()).isEqualTo(accepting.port());
        Loops.awaitCondition("the TLS socket was closed", () -> silent.endedByClient() == 1);
    }

    @Test
    void aStackTimeoutWhileTheStreamOpensIsAConnectFailure() throws Exception {
        FakeBroker silent = fake(FakeBroker.Behaviour.SILENT);
        loop.startInBackground();

        Outcome outcome = Loops.await(createConnection(List.of(params(silent.port())
                .sslOptions(dev.pika.SslOptions.builder()
                        .context(SSLContext.getDefault())
                        .build())
                .stackTimeout(Duration.ofMillis(300))
                .build())));

        AmqpConnectionWorkflowFailedException failed = (AmqpConnectionWorkflowFailedException) outcome.error();
        assertThat(failed.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.phase()).isEqualTo(Phase.CONNECT);
            assertThat(attempt.cause())
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("stackTimeout (PT0.3S) expired while opening the stream (TCP and TLS)");
        });
    }

    @Test
    void abortDuringTheAmqpHandshakeClosesTheSocketAndReportsAborted() throws Exception {
        FakeBroker silent = fake(FakeBroker.Behaviour.SILENT);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        AmqpConnectionWorkflow workflow = SelectConnection.createConnection(
                List.of(params(silent.port()).build()),
                (connection, error) -> outcome.complete(new Outcome(connection, error)),
                loop);
        loop.startInBackground();
        Loops.awaitCondition("the handshake started", () -> silent.accepted() == 1);

        assertThat(workflow.abort()).isTrue();

        assertThat(Loops.await(outcome).error()).isInstanceOf(ConnectionOpenAbortedException.class);
        assertThat(workflow.isDone()).isTrue();
        assertThat(workflow.abort()).as("nothing left to abort").isFalse();
        Loops.awaitCondition("the socket was closed", () -> silent.endedByClient() == 1);
    }

    @Test
    void abortDuringTheRetryPauseReportsAbortedAndConnectsNoMore() throws Exception {
        int closed = closedPort();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        List<String> order = new ArrayList<>();
        AmqpConnectionWorkflow workflow = SelectConnection.createConnection(
                List.of(params(closed)
                        .connectionAttempts(5)
                        .retryDelay(Duration.ofSeconds(30))
                        .build()),
                (connection, error) -> {
                    order.add("done");
                    outcome.complete(new Outcome(connection, error));
                },
                loop);
        loop.startInBackground();
        Loops.awaitCondition("the first cycle failed", () -> Loops.onLoop(loop, workflow::failedAttempts) == 1);

        workflow.abort();

        assertThat(Loops.await(outcome).error())
                .isInstanceOf(ConnectionOpenAbortedException.class)
                .hasMessageContaining("1 failed attempts");
        assertThat(order).containsExactly("done");
        assertThat(Loops.onLoop(loop, loop::pendingTimerCount))
                .as("the retry timer is cancelled")
                .isZero();
    }

    @Test
    void closeWhileTheWorkflowRetriesAbortsIt() throws Exception {
        int closed = closedPort();
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                params(closed)
                        .connectionAttempts(5)
                        .retryDelay(Duration.ofSeconds(30))
                        .build(),
                opened -> failed.completeExceptionally(new AssertionError("opened")),
                (c, error) -> failed.complete(error),
                null,
                loop);
        loop.startInBackground();
        awaitFailedAttempts(connection, 1);

        Loops.onLoop(loop, () -> connection.close());

        assertThat(Loops.await(failed)).isInstanceOf(ConnectionOpenAbortedException.class);
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void anEmptyListIsRejectedNamingTheParameter() {
        assertThatThrownBy(() -> SelectConnection.createConnection(List.of(), (c, e) -> {}, loop))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionConfigs must not be empty");
    }
}
