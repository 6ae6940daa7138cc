package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.PlainCredentials;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.ProbableAccessDeniedException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spec.Connection.Close;
import dev.pika.spec.Connection.CloseOk;
import dev.pika.spec.Connection.Open;
import dev.pika.spec.Connection.StartOk;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Connection.TuneOk;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Failures while opening map to Pika's exceptions by state; messages name user and vhost, never the password. */
class OpeningFailuresTest {

    private static final ConnectionParameters ALICE = ConnectionParameters.builder()
            .credentials(new PlainCredentials("alice", "hunter2"))
            .virtualHost("orders")
            .build();

    private static ScriptedBroker atStart() {
        ScriptedBroker broker = ScriptedBroker.connected(ALICE);
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());
        broker.expect(0, StartOk.class);
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.START);
        return broker;
    }

    private static ScriptedBroker atTune() {
        ScriptedBroker broker = atStart();
        broker.send(0, new Tune(2047, 131072, 0));
        broker.expect(0, TuneOk.class);
        broker.expect(0, Open.class);
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.TUNE);
        return broker;
    }

    private static AmqpConnectionException onlyOpenError(ScriptedBroker broker) {
        broker.runLoop();
        assertThat(broker.opened).isEmpty();
        assertThat(broker.closes).isEmpty();
        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.openErrors).hasSize(1);
        AmqpConnectionException error = broker.openErrors.get(0);
        assertThat(error.getMessage()).doesNotContain("hunter2");
        return error;
    }

    @Test
    void streamLostAfterTheProtocolHeaderIsAnIncompatibleProtocol() {
        ScriptedBroker broker = ScriptedBroker.connected(ALICE);
        broker.next();
        broker.connection.transport().lose(null);

        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOf(IncompatibleProtocolException.class);
        assertThat(error.getCause()).isInstanceOf(StreamLostException.class);
    }

    @Test
    void streamLostWhileAuthenticatingIsAProbableAuthenticationError() {
        ScriptedBroker broker = atStart();
        broker.connection.transport().lose(new IOException("Connection reset by peer"));

        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOf(ProbableAuthenticationException.class);
        assertThat(error.getMessage()).contains("'alice'").contains("'orders'").contains("Connection reset by peer");
    }

    @Test
    void aBrokerCloseWithoutCode403WhileAuthenticatingIsAlsoProbableAuthentication() {
        ScriptedBroker broker = atStart();
        broker.send(0, new Close(320, "CONNECTION_FORCED", 0, 0));
        broker.expect(0, CloseOk.class);

        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOf(ProbableAuthenticationException.class);
        assertThat(error.getCause()).isInstanceOf(ConnectionClosedByBrokerException.class);
    }

    @Test
    void close403WhileAuthenticatingIsAnAuthenticationError() {
        ScriptedBroker broker = atStart();
        broker.send(
                0,
                new Close(
                        403,
                        "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the"
                                + " broker logfile.",
                        0,
                        0));

        broker.expect(0, CloseOk.class);
        assertThat(broker.connection.transport().closedGracefully()).isTrue();
        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.mechanism()).isEqualTo("PLAIN");
            assertThat(e.getMessage()).contains("'alice'").contains("'orders'").contains("403");
        });
    }

    @Test
    void closedWhileOpeningTheVirtualHostIsAProbableAccessDenial() {
        ScriptedBroker broker = atTune();
        broker.send(0, new Close(530, "NOT_ALLOWED - vhost orders not found", 10, 40));
        broker.expect(0, CloseOk.class);

        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOf(ProbableAccessDeniedException.class);
        assertThat(error.getMessage()).contains("'orders'").contains("'alice'").contains("vhost orders not found");
    }

    @Test
    void streamLostWhileOpeningTheVirtualHostIsAProbableAccessDenial() {
        ScriptedBroker broker = atTune();
        broker.connection.transport().lose(null);

        assertThat(onlyOpenError(broker)).isInstanceOf(ProbableAccessDeniedException.class);
    }

    @Test
    void closeDuringTheHandshakeAbortsTheOpening() {
        ScriptedBroker broker = atStart();
        broker.connection.close();

        assertThat(broker.connection.state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(broker.connection.transport().aborted()).isTrue();
        broker.expectNothing();
        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOf(ConnectionOpenAbortedException.class);
        assertThat(error.getMessage()).contains("START");
    }

    @Test
    void closeBeforeTheStreamIsUpAsksTheAdapterToDisconnect() {
        ScriptedBroker broker = new ScriptedBroker(ALICE);
        broker.connection.close();

        assertThat(broker.connection.disconnectRequests()).isEqualTo(1);
        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error).isInstanceOf(ConnectionOpenAbortedException.class).hasMessageContaining("INIT");
    }

    @Test
    void aStreamThatConnectsAfterCloseIsAborted() {
        ScriptedBroker broker = new ScriptedBroker(ALICE);
        broker.connection.close();
        CapturingTransport late = broker.connection.connectStream();

        assertThat(late.aborted()).isTrue();
        assertThat(late.drain()).isEmpty();
    }

    @Test
    void aStreamThatCannotBeConnectedIsReportedWithItsCause() {
        ScriptedBroker broker = new ScriptedBroker(ALICE);
        ConnectException refused = new ConnectException("Connection refused: localhost/127.0.0.1:5672");
        broker.connection.streamTerminated(refused);

        AmqpConnectionException error = onlyOpenError(broker);
        assertThat(error.getCause()).isSameAs(refused);
        assertThat(error.getMessage()).contains("localhost:5672");
    }

    @Test
    void anAdapterMayReportItsOwnConnectionException() {
        ScriptedBroker broker = new ScriptedBroker(ALICE);
        AmqpConnectionException own = new AmqpConnectionException("all 3 attempts failed");
        broker.connection.streamTerminated(own);

        assertThat(onlyOpenError(broker)).isSameAs(own);
    }

    @Test
    void withoutAnOpenErrorCallbackTheFailureIsLoggedAndTheConnectionCloses() {
        TestConnection connection = new TestConnection(ALICE, new ManualIoServices(), null, null, null);
        connection.connectStream();
        connection.streamTerminated(null);

        assertThat(connection.isClosed()).isTrue();
    }
}
