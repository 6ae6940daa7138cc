package dev.pika.testing.broker;

import java.util.Objects;

/**
 * The outcome of one attempt to open an AMQP connection: the broker's identity, or why it failed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint the endpoint with the product and version the broker announced; {@code null} on failure
 * @param failure a short reason for a message, e.g. {@code "localhost:5672 refused connection"}; {@code null} on success
 */
public record ProbeResult(BrokerEndpoint endpoint, String failure) {

    /** Checks that exactly one of the two is present. */
    public ProbeResult {
        if ((endpoint == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of endpoint and failure must be given");
        }
    }

    /** A broker answered. */
    public static ProbeResult answered(BrokerEndpoint endpoint) {
        return new ProbeResult(Objects.requireNonNull(endpoint, "endpoint must not be null"), null);
    }

    /** Nothing usable answered; {@code failure} says why. */
    public static ProbeResult failed(String failure) {
        return new ProbeResult(null, Objects.requireNonNull(failure, "failure must not be null"));
    }

    /** Whether a broker completed the AMQP handshake. */
    public boolean isAnswered() {
        return endpoint != null;
    }
}
