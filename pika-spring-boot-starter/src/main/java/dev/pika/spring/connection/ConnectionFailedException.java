package dev.pika.spring.connection;

import dev.pika.exceptions.AmqpConnectionException;

/**
 * A connection could not be opened at start-up and will not be retried: the broker refused the
 * credentials or the virtual host (fatal under the recovery policy), recovery is disabled, or the
 * policy ran out of attempts. The cause is the last attempt's failure. Fails the application's
 * start-up; {@code ConnectionFailedFailureAnalyzer} explains it.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class ConnectionFailedException extends AmqpConnectionException {

    private final String connectionName;
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param connectionName the connection's name
     * @param attempts the attempts made
     * @param cause the last failure
     */
    public ConnectionFailedException(String connectionName, int attempts, Throwable cause) {
        super(
                "Connection '" + connectionName + "' could not be opened after " + attempts + " attempt"
                        + (attempts == 1 ? "" : "s") + ": " + (cause == null ? "unknown reason" : cause.getMessage()),
                cause);
        this.connectionName = connectionName;
        this.attempts = attempts;
    }

    /**
     * The connection's name.
     *
     * @return the name
     */
    public String connectionName() {
        return connectionName;
    }

    /**
     * How many attempts were made.
     *
     * @return at least 1
     */
    public int attempts() {
        return attempts;
    }
}
