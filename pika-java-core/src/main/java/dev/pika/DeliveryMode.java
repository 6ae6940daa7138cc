package dev.pika;

/**
 * The AMQP {@code delivery-mode} message property: whether the broker keeps a message on disk.
 *
 * <p>An enum: immutable and safe to share between threads.
 */
public enum DeliveryMode {
    /** Delivery mode 1: the broker may keep the message in memory only; it is lost when the broker restarts. */
    TRANSIENT(1),
    /** Delivery mode 2: a durable queue keeps the message on disk, so it survives a broker restart. */
    PERSISTENT(2);

    private final int value;

    DeliveryMode(int value) {
        this.value = value;
    }

    /**
     * The value of the {@code delivery-mode} property on the wire.
     *
     * @return 1 or 2
     */
    public int value() {
        return value;
    }

    /**
     * The delivery mode for a wire value.
     *
     * @param value the {@code delivery-mode} octet
     * @return {@link #TRANSIENT} for 1, {@link #PERSISTENT} for 2
     * @throws IllegalArgumentException for any other value
     */
    public static DeliveryMode fromValue(int value) {
        return switch (value) {
            case 1 -> TRANSIENT;
            case 2 -> PERSISTENT;
            default ->
                throw new IllegalArgumentException(
                        "delivery mode must be 1 (TRANSIENT) or 2 (PERSISTENT), got " + value);
        };
    }
}
