package dev.pika.benchmarks.driver;

/**
 * A client library failed while the benchmark drove it (connect, declare, publish, consume or close). It carries the
 * client's own exception as its cause.
 *
 * <p>Immutable once thrown.
 */
public class DriverException extends RuntimeException {

    /**
     * Creates an exception.
     *
     * @param message what the driver was doing
     * @param cause the client's exception
     */
    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception without a cause.
     *
     * @param message what went wrong
     */
    public DriverException(String message) {
        super(message);
    }
}
