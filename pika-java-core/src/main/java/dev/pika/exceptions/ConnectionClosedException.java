package dev.pika.exceptions;

import java.util.Objects;

/**
 * The connection was closed with an AMQP {@code Connection.Close}; carries its reply code and text. Thrown by calls
 * on a closed {@code BlockingConnection} and passed to connection-closed callbacks. The subtypes say who closed it.
 *
 * <p>Pika's {@code ConnectionClosed}. Unchecked; immutable and safe to share between threads.
 */
public class ConnectionClosedException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    private final int replyCode;
    private final String replyText;

    /**
     * Creates the exception.
     *
     * @param replyCode the reply code of the {@code Connection.Close} (200 for a normal close)
     * @param replyText the reply text of the {@code Connection.Close}
     */
    public ConnectionClosedException(int replyCode, String replyText) {
        super("(" + replyCode + ") " + Objects.requireNonNullElse(replyText, ""));
        this.replyCode = replyCode;
        this.replyText = Objects.requireNonNullElse(replyText, "");
    }

    /**
     * The reply code of the {@code Connection.Close} that closed the connection.
     *
     * @return the AMQP reply code, e.g. 200 ({@code REPLY_SUCCESS}) or 320 ({@code CONNECTION_FORCED})
     */
    public int replyCode() {
        return replyCode;
    }

    /**
     * The reply text of the {@code Connection.Close} that closed the connection.
     *
     * @return the text, never {@code null}
     */
    public String replyText() {
        return replyText;
    }
}
