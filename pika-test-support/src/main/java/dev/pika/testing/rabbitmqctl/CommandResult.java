package dev.pika.testing.rabbitmqctl;

import java.util.List;

/**
 * What one command printed and how it ended.
 *
 * <p>Immutable and thread-safe.
 *
 * @param command the command line that ran
 * @param exitCode the process's exit status
 * @param stdout everything it wrote to standard output (UTF-8)
 * @param stderr everything it wrote to standard error (UTF-8)
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** Copies the command line. */
    public CommandResult {
        command = List.copyOf(command);
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
