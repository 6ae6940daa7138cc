package dev.pika.testing.broker;

import java.util.Objects;

/**
 * A broker the harness started itself (container or embedded) and must stop at JVM exit.
 *
 * <p>Immutable; {@link #stop()} is as thread-safe as the stopper given.
 *
 * @param description how the run line names it, e.g. {@code "embedded Qpid Broker-J 9.2.1"}
 * @param host the host to connect to
 * @param port the AMQP port
 * @param username the user to authenticate as
 * @param password that user's password
 * @param stopper stops the broker; called once at JVM exit
 */
public record StartedBroker(
        String description, String host, int port, String username, String password, AutoCloseable stopper) {

    /** Checks the arguments. */
    public StartedBroker {
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(username, "username must not be null");
        Objects.requireNonNull(password, "password must not be null");
        Objects.requireNonNull(stopper, "stopper must not be null");
    }

    /** Stops the broker, reporting (never throwing) a failure to stop. */
    public void stop() {
        try {
            stopper.close();
        } catch (Exception e) {
            System.err.println("[pika-test] could not stop " + description + ": " + e);
        }
    }
}
