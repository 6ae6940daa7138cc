package dev.pika.exceptions;

/**
 * The client closed the connection at the application's request ({@code close()}); the reply code and text are
 * the ones the application passed (200 and {@code Normal shutdown} by default).
 *
 * <p>Pika's {@code ConnectionClosedByClient}. Unchecked; immutable and safe to share between threads.
 */
public class ConnectionClosedByClientException extends ConnectionClosedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param replyCode the reply code of the {@code Close} method
     * @param replyText the reply text of the {@code Close} method
     */
    public ConnectionClosedByClientException(int replyCode, String replyText) {
        super(replyCode, replyText);
    }
}
