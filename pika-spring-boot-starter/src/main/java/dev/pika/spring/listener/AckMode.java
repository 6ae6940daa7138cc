package dev.pika.spring.listener;

/**
 * How a listener acknowledges its deliveries ({@code pika.listener.ack-mode}, and per listener on
 * {@code @PikaListener}).
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum AckMode {

    /**
     * The container acknowledges after the listener method returns, and rejects the delivery when it
     * throws (without requeue unless asked: see {@code pika.listener.default-requeue-rejected}).
     */
    AUTO,

    /**
     * The listener acknowledges itself through the {@code Acknowledgement} argument, from any thread.
     */
    MANUAL,

    /**
     * The broker considers each message acknowledged once delivered ({@code no-ack}); a failure in the
     * listener loses the message.
     */
    NONE
}
