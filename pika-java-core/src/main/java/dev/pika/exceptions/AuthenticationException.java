package dev.pika.exceptions;

/**
 * Thrown (or passed to the connection-closed callback) when authentication failed: the server offers none of the
 * client credentials' SASL mechanisms, or RabbitMQ refused the credentials with {@code Connection.Close} 403
 * {@code ACCESS_REFUSED} during the handshake (the {@code authentication_failure_close} capability).
 *
 * <p>Pika's {@code AuthenticationError}. The message names the mechanism, never the credentials. Unchecked;
 * immutable and safe to share between threads.
 */
public class AuthenticationException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    private final String mechanism;

    /**
     * Creates the exception.
     *
     * @param mechanism the SASL mechanism that failed, e.g. {@code "PLAIN"}
     * @param message what happened; never a credential
     */
    public AuthenticationException(String mechanism, String message) {
        super(message);
        this.mechanism = mechanism;
    }

    /**
     * The server offers none of the mechanisms the credentials support.
     *
     * @param mechanism the client's mechanism, e.g. {@code "PLAIN"}
     * @param serverMechanisms the server's {@code Connection.Start.mechanisms}, space separated
     * @return the exception, to throw
     */
    public static AuthenticationException mechanismNotOffered(String mechanism, String serverMechanisms) {
        return new AuthenticationException(
                mechanism,
                "Server and client could not negotiate use of the " + mechanism
                        + " authentication mechanism; the server offers: " + serverMechanisms);
    }

    /**
     * The broker refused the credentials explicitly ({@code authentication_failure_close}).
     *
     * @param mechanism the mechanism used
     * @param replyCode the reply code of the broker's {@code Connection.Close} (403)
     * @param replyText the reply text of the broker's {@code Connection.Close}
     * @return the exception, to throw
     */
    public static AuthenticationException refused(String mechanism, int replyCode, String replyText) {
        return new AuthenticationException(
                mechanism, "The broker refused the " + mechanism + " credentials: (" + replyCode + ") " + replyText);
    }

    /**
     * The SASL mechanism that failed.
     *
     * @return the mechanism name, e.g. {@code "PLAIN"}
     */
    public String mechanism() {
        return mechanism;
    }
}
