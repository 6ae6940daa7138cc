package dev.pika.testing.broker;

/**
 * No broker could be had for the integration tests: the message says what was tried, why each option
 * failed, and what to change.
 *
 * <p>Immutable once thrown; unchecked.
 */
public final class BrokerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was tried and how to fix it */
    public BrokerUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what was tried and how to fix it
     * @param cause the failure of the last option
     */
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
