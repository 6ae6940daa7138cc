package dev.pika.exceptions;

/**
 * Thrown by the asynchronous channel's {@code basicGet} when it is called again before the callback of the previous
 * {@code basicGet} on the same channel ran.
 *
 * <p>Pika's {@code DuplicateGetOkCallback}. Unchecked; immutable and safe to share between threads.
 */
public class DuplicateGetOkCallbackException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public DuplicateGetOkCallbackException() {
        super("basicGet can only be called again after the callback for the previous basicGet is executed");
    }
}
