package dev.pika.testing.rabbitmqctl;

/**
 * A {@code rabbitmqctl} command failed, timed out or could not be started. The message holds the command
 * line, the exit status and the command's standard error.
 *
 * <p>Immutable once thrown; unchecked.
 */
public final class RabbitMqCtlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    /**
     * @param message what failed, with the command's stderr
     * @param result the command's outcome; {@code null} when it never ran to completion
     * @param cause the underlying failure, or {@code null}
     */
    public RabbitMqCtlException(String message, CommandResult result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    /** The command's outcome, or {@code null} when it timed out or could not start. */
    public CommandResult result() {
        return result;
    }
}
