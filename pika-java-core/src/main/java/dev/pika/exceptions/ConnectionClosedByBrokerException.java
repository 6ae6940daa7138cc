package dev.pika.exceptions;

/**
 * The broker closed the connection with {@code Connection.Close}, for example 320 {@code CONNECTION_FORCED} when
 * an operator closed it, or a hard error (5xx) caused by the client.
 *
 * <p>Pika's {@code ConnectionClosedByBroker}. Unchecked; immutable and safe to share between threads.
 */
public class ConnectionClosedByBrokerException extends ConnectionClosedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param replyCode the reply code of the {@code Close} method
     * @param replyText the reply text of the {@code Close} method
     */
    public ConnectionClosedByBrokerException(int replyCode, String replyText) {
        super(replyCode, replyText);
    }
}
