package dev.pika.benchmarks.cli;

/**
 * The command line is wrong: an unknown flag, a missing or malformed value, or flags that cannot work together. The
 * message names the flag and says what to do instead.
 *
 * <p>Immutable once thrown.
 */
public final class UsageException extends IllegalArgumentException {

    /**
     * Creates an exception.
     *
     * @param message what is wrong and how to fix it
     */
    public UsageException(String message) {
        super(message);
    }
}
