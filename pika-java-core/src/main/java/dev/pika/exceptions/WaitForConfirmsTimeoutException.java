package dev.pika.exceptions;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by {@code BlockingChannel.waitForConfirms(timeout)} when some of the messages published before the call were
 * still unconfirmed when the timeout passed. Nothing is lost or failed by the timeout itself: the broker may still
 * confirm those messages, their futures complete then, and a later {@code waitForConfirms} waits for them again.
 *
 * <p>An addition beyond Pika (whose {@code BlockingChannel} has no pipelined confirms), the counterpart of the
 * RabbitMQ Java client's {@code TimeoutException} from {@code waitForConfirms(long)}. Unchecked; immutable and safe to
 * share between threads.
 */
public class WaitForConfirmsTimeoutException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param channelNumber the channel waited on
     * @param timeout the timeout that passed
     */
    public WaitForConfirmsTimeoutException(int channelNumber, Duration timeout) {
        super("waitForConfirms: messages published on channel " + channelNumber + " were still unconfirmed after "
                + Objects.requireNonNull(timeout, "timeout") + "; the broker may still confirm them (their futures"
                + " complete then): wait again with a longer timeout, or treat them as unknown and publish them again"
                + " idempotently");
        this.timeout = timeout;
    }

    /**
     * The timeout that passed.
     *
     * @return the timeout given to {@code waitForConfirms}
     */
    public Duration timeout() {
        return timeout;
    }
}
