package dev.pika.testing.peer;

/**
 * A {@link ScriptedPeer} script did not see what it expected from the client: another frame, no frame within the
 * bound, the stream closed too early. {@link ScriptedPeer#awaitScripts} reports it as the test's failure.
 *
 * <p>Unchecked; immutable and safe to share between threads.
 */
public class PeerExpectationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with what was expected and what happened. */
    public PeerExpectationException(String message) {
        super(message);
    }

    /** Creates the exception with its cause (an I/O error of the peer's socket). */
    public PeerExpectationException(String message, Throwable cause) {
        super(message, cause);
    }
}
