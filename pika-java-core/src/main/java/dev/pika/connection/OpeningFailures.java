package dev.pika.connection;

import dev.pika.ConnectionParameters;
import dev.pika.Credentials;
import dev.pika.PlainCredentials;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.ProbableAccessDeniedException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.exceptions.StreamLostException;

/**
 * Names what went wrong while a connection was opening, as Pika's {@code _on_stream_terminated} does by state: a
 * stream lost (or closed by the broker) after the protocol header means the broker does not speak AMQP 0-9-1
 * ({@link IncompatibleProtocolException}); after the credentials, probably refused credentials ({@link
 * ProbableAuthenticationException}); after {@code Connection.Open}, probably a virtual host the user may not access
 * ({@link ProbableAccessDeniedException}). {@code Connection.Close} 403 while authenticating (RabbitMQ's {@code
 * authentication_failure_close}) is an {@link AuthenticationException}. Messages name the broker, the user and the
 * virtual host, never a password.
 *
 * <p>Immutable.
 */
final class OpeningFailures {

    private final String peer;
    private final String user;
    private final String mechanism;
    private final String virtualHost;

    OpeningFailures(ConnectionParameters params) {
        this.peer = params.host() + ":" + params.port();
        Credentials credentials = params.credentials();
        this.mechanism = credentials.mechanism();
        String username = credentials instanceof PlainCredentials plain ? plain.username() : null;
        this.user = username != null
                ? "user '" + username + "'"
                : "the " + mechanism + " identity (e.g. the TLS client certificate)";
        this.virtualHost = params.virtualHost();
    }

    /** Maps a stream loss or broker close of an opening connection by the state it happened in. */
    AmqpConnectionException whileOpening(ConnectionState state, AmqpConnectionException error) {
        if (!(error instanceof StreamLostException || error instanceof ConnectionClosedByBrokerException)) {
            return error;
        }
        String detail = " (" + error.getMessage() + ")";
        return switch (state) {
            case PROTOCOL ->
                new IncompatibleProtocolException(
                        "The broker at " + peer + " closed the connection after the AMQP 0-9-1 protocol header: it"
                                + " probably does not speak AMQP 0-9-1, or the port is not an AMQP port" + detail,
                        error);
            case START ->
                new ProbableAuthenticationException(
                        "The broker at " + peer + " closed the connection while authenticating " + user + " ("
                                + mechanism
                                + ") for virtual host '" + virtualHost + "': the credentials were probably refused"
                                + detail,
                        error);
            case TUNE ->
                new ProbableAccessDeniedException(
                        "The broker at " + peer + " closed the connection while opening virtual host '" + virtualHost
                                + "' for " + user + ": the virtual host probably does not exist or the user may not"
                                + " access it" + detail,
                        error);
            default -> error;
        };
    }

    /** The broker closed with 403 while the client authenticated. */
    AuthenticationException refused(int replyCode, String replyText) {
        return new AuthenticationException(
                mechanism,
                "The broker at " + peer + " refused to authenticate " + user + " (" + mechanism + ") for virtual host '"
                        + virtualHost + "': (" + replyCode + ") " + replyText);
    }

    /** The stream could not be established (or was lost before the protocol header went out). */
    AmqpConnectionException connectFailed(Throwable cause) {
        return new AmqpConnectionException(
                "Could not connect to the broker at " + peer + ": " + (cause == null ? "the stream was closed" : cause),
                cause);
    }

    /** The broker broke the protocol during the handshake. */
    IncompatibleProtocolException protocolViolation(ConnectionState state, ProtocolSyntaxException error) {
        return new IncompatibleProtocolException(
                "The broker at " + peer + " broke the AMQP 0-9-1 protocol while the connection was opening (state "
                        + state + "): " + error.getMessage(),
                error);
    }

    String peer() {
        return peer;
    }

    String user() {
        return user;
    }

    String virtualHost() {
        return virtualHost;
    }
}
