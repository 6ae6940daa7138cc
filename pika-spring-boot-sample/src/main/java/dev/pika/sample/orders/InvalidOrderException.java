package dev.pika.sample.orders;

/**
 * An order that can never be processed (a quantity of zero or less): the listener throws it, the
 * container retries (as with any failure) and the {@link DeadLetterRecoverer} finally moves the order to
 * the dead-letter queue.
 *
 * <p>Immutable and thread-safe.
 */
public class InvalidOrderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The order's id. */
    private final String orderId;

    /**
     * @param orderId the order's id
     * @param message what is wrong with it
     */
    public InvalidOrderException(String orderId, String message) {
        super("Order " + orderId + " is invalid: " + message);
        this.orderId = orderId;
    }

    /**
     * The order's id.
     *
     * @return the id
     */
    public String getOrderId() {
        return orderId;
    }
}
