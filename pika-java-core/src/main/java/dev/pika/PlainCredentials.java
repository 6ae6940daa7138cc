package dev.pika;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SASL PLAIN credentials: a user name and a password, as Pika's {@code PlainCredentials}. The
 * default credentials of {@link ConnectionParameters} are {@code guest}/{@code guest}.
 *
 * <p>Immutable and thread-safe, with one exception taken from Pika: when created with {@code
 * eraseOnConnect = true}, {@link #eraseCredentials()} (called by the connection after the
 * handshake) forgets user name and password, after which {@link #response()} throws. {@link
 * #toString()} never shows the password.
 */
public final class PlainCredentials implements Credentials {

    /** The SASL mechanism name, {@value}. */
    public static final String MECHANISM = "PLAIN";

    private final boolean eraseOnConnect;
    private volatile String username;
    private volatile String password;

    /**
     * Credentials that are kept after connecting.
     *
     * @param username the user name, not null
     * @param password the password, not null
     */
    public PlainCredentials(String username, String password) {
        this(username, password, false);
    }

    /**
     * Credentials, optionally erased once the connection has used them.
     *
     * @param username the user name, not null
     * @param password the password, not null
     * @param eraseOnConnect true to forget user name and password after the handshake
     */
    public PlainCredentials(String username, String password, boolean eraseOnConnect) {
        this.username = Checks.notNull("username", username);
        this.password = Checks.notNull("password", password);
        this.eraseOnConnect = eraseOnConnect;
    }

    /**
     * The user name.
     *
     * @return the user name, or null after {@link #eraseCredentials()} erased it
     */
    public String username() {
        return username;
    }

    /**
     * The password. Handle with care: never log it.
     *
     * @return the password, or null after {@link #eraseCredentials()} erased it
     */
    public String password() {
        return password;
    }

    /** Whether {@link #eraseCredentials()} has erased user name and password. */
    public boolean erased() {
        return username == null;
    }

    @Override
    public String mechanism() {
        return MECHANISM;
    }

    @Override
    public byte[] response() {
        String user = username;
        String pass = password;
        if (user == null || pass == null) {
            throw new IllegalStateException("PlainCredentials were erased after connecting (eraseOnConnect=true);"
                    + " create new PlainCredentials to connect again");
        }
        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        byte[] passBytes = pass.getBytes(StandardCharsets.UTF_8);
        byte[] response = new byte[userBytes.length + passBytes.length + 2];
        System.arraycopy(userBytes, 0, response, 1, userBytes.length);
        System.arraycopy(passBytes, 0, response, userBytes.length + 2, passBytes.length);
        return response;
    }

    @Override
    public boolean eraseOnConnect() {
        return eraseOnConnect;
    }

    @Override
    public void eraseCredentials() {
        if (eraseOnConnect) {
            username = null;
            password = null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PlainCredentials that
                && eraseOnConnect == that.eraseOnConnect
                && Objects.equals(username, that.username)
                && Objects.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password, eraseOnConnect);
    }

    @Override
    public String toString() {
        if (erased()) {
            return "PlainCredentials{erased}";
        }
        return "PlainCredentials{username=" + username + ", password=****"
                + (eraseOnConnect ? ", eraseOnConnect=true" : "") + "}";
    }
}
