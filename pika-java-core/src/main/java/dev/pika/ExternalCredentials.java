package dev.pika;

/**
 * SASL EXTERNAL credentials, as Pika's {@code ExternalCredentials}: the broker authenticates the
 * connection by other means, usually the client certificate of a TLS connection (RabbitMQ's
 * {@code rabbitmq_auth_mechanism_ssl} plugin). The response is empty.
 *
 * <p>Immutable and thread-safe; all instances are equal.
 */
public final class ExternalCredentials implements Credentials {

    /** The SASL mechanism name, {@value}. */
    public static final String MECHANISM = "EXTERNAL";

    private static final byte[] EMPTY = new byte[0];

    /** EXTERNAL credentials. */
    public ExternalCredentials() {}

    @Override
    public String mechanism() {
        return MECHANISM;
    }

    @Override
    public byte[] response() {
        return EMPTY.clone();
    }

    /** Always false: there is no secret to erase. */
    @Override
    public boolean eraseOnConnect() {
        return false;
    }

    /** Does nothing: there is no secret to erase. */
    @Override
    public void eraseCredentials() {}

    @Override
    public boolean equals(Object other) {
        return other instanceof ExternalCredentials;
    }

    @Override
    public int hashCode() {
        return MECHANISM.hashCode();
    }

    @Override
    public String toString() {
        return "ExternalCredentials{}";
    }
}
