package dev.pika.exceptions;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Every attempt of a connection workflow failed (Pika's {@code AMQPConnectionWorkflowFailed}): each parameter set of
 * the list, each address its host resolved to, {@code connectionAttempts} times. {@link #attempts()} lists every
 * attempt in order with the address it tried, the phase it failed in and why; the message summarises them, the cause
 * is the last attempt's error and the earlier errors are attached as suppressed exceptions, so a logged stack trace
 * shows them all.
 *
 * <p>Unchecked; immutable after construction and safe to share between threads.
 */
public class AmqpConnectionWorkflowFailedException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /** The attempts, in the order they were made. */
    private final List<Attempt> attempts;

    /** The phase of a connection attempt in which it failed. */
    public enum Phase {
        /** Resolving the host name (the address is unknown). */
        RESOLVE,
        /** Opening the stream: the TCP connect and, with TLS, the TLS handshake. */
        CONNECT,
        /** The AMQP handshake, from the protocol header to {@code Connection.OpenOk}. */
        AMQP_HANDSHAKE
    }

    /**
     * One failed attempt.
     *
     * @param host the host of the parameter set the attempt used
     * @param port the port of that parameter set
     * @param address the resolved address the attempt connected to, or {@code null} when the host could not be
     *     resolved
     * @param phase the phase it failed in
     * @param cause why it failed
     */
    public record Attempt(String host, int port, InetSocketAddress address, Phase phase, Throwable cause)
            implements Serializable {

        /**
         * Checks the values.
         *
         * @param host the host of the parameter set
         * @param port the port of the parameter set
         * @param address the resolved address, or {@code null} for a failed resolution
         * @param phase the phase it failed in
         * @param cause why it failed
         */
        public Attempt {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(cause, "cause");
        }

        /**
         * The attempt as the workflow's message lists it, e.g. {@code localhost:5672 (127.0.0.1:5672) CONNECT:
         * java.net.ConnectException: ...}.
         *
         * @return a one-line description
         */
        @Override
        public String toString() {
            String target = host + ":" + port;
            if (address != null) {
                target += " (" + address.getAddress().getHostAddress() + ":" + address.getPort() + ")";
            }
            return target + " " + phase + ": " + cause;
        }
    }

    /**
     * Creates the exception.
     *
     * @param attempts every failed attempt, in order; at least one
     * @throws IllegalArgumentException when {@code attempts} is empty
     */
    public AmqpConnectionWorkflowFailedException(List<Attempt> attempts) {
        this(summary(attempts), attempts);
    }

    /**
     * Creates the exception with a message of the caller's.
     *
     * @param message what went wrong; never a credential
     * @param attempts every failed attempt, in order; at least one
     * @throws IllegalArgumentException when {@code attempts} is empty
     */
    public AmqpConnectionWorkflowFailedException(String message, List<Attempt> attempts) {
        super(message, last(attempts).cause());
        this.attempts = List.copyOf(attempts);
        for (int i = 0; i < this.attempts.size() - 1; i++) {
            Throwable earlier = this.attempts.get(i).cause();
            if (earlier != getCause() && earlier != this) {
                addSuppressed(earlier);
            }
        }
    }

    /**
     * Every failed attempt, in the order the workflow made them.
     *
     * @return an unmodifiable list, never empty
     */
    public List<Attempt> attempts() {
        return attempts;
    }

    private static Attempt last(List<Attempt> attempts) {
        Objects.requireNonNull(attempts, "attempts");
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException(
                    "attempts must not be empty: a workflow fails after at least one attempt");
        }
        return attempts.get(attempts.size() - 1);
    }

    private static String summary(List<Attempt> attempts) {
        last(attempts);
        StringBuilder message = new StringBuilder("AMQP connection workflow failed: ")
                .append(attempts.size())
                .append(attempts.size() == 1 ? " attempt" : " attempts")
                .append(" in all");
        for (int i = 0; i < attempts.size(); i++) {
            message.append("; [").append(i + 1).append("] ").append(attempts.get(i));
        }
        return message.toString();
    }
}
