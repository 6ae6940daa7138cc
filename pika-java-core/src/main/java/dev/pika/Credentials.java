package dev.pika;

import java.util.Arrays;

/**
 * The SASL credentials the connection presents in {@code Connection.StartOk}, as Pika's
 * {@code pika.credentials}. Two mechanisms exist: {@link PlainCredentials} (PLAIN, user name and
 * password) and {@link ExternalCredentials} (EXTERNAL, typically the client certificate of a TLS
 * connection).
 *
 * <p>Implementations are immutable apart from {@link #eraseCredentials()}, which Pika's
 * {@code erase_on_connect} option uses to drop secrets once the connection no longer needs them,
 * and are safe to share between threads.
 */
public sealed interface Credentials permits PlainCredentials, ExternalCredentials {

    /**
     * The SASL mechanism name sent in {@code Connection.StartOk}, e.g. {@code "PLAIN"}.
     *
     * @return the mechanism name, never null
     */
    String mechanism();

    /**
     * The SASL response sent in {@code Connection.StartOk}: for PLAIN {@code \0username\0password}
     * in UTF-8, for EXTERNAL the empty array. A new array on every call.
     *
     * @return the response bytes
     * @throws IllegalStateException when the credentials were erased (see {@link #eraseOnConnect()})
     */
    byte[] response();

    /**
     * Whether the connection calls {@link #eraseCredentials()} once the broker accepted or refused
     * them, as Pika's {@code erase_on_connect}. A connection that must reconnect needs new
     * credentials afterwards.
     *
     * @return true to erase the secret after the handshake
     */
    boolean eraseOnConnect();

    /**
     * Drops the stored secret when {@link #eraseOnConnect()} is true; does nothing otherwise.
     * Called by the connection after {@code Connection.StartOk} was sent.
     */
    void eraseCredentials();

    /**
     * Whether the server offers this mechanism, as Pika's {@code response_for} does.
     *
     * @param serverMechanisms the space-separated mechanism list of {@code Connection.Start}
     * @return true when {@link #mechanism()} is in the list
     */
    default boolean supportedBy(String serverMechanisms) {
        if (serverMechanisms == null) {
            return false;
        }
        return Arrays.asList(serverMechanisms.trim().split("\\s+")).contains(mechanism());
    }
}
