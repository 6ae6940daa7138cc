package dev.pika.spring.connection;

import dev.pika.ConnectionParameters;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One broker address tried in one connection attempt: its parameters, the core connection made for
 * it, the future of its opening and, once closed, why. Also the small failure helpers of the attempts.
 *
 * <p>The mutable fields are written on the I/O thread and read by the recovery thread after waiting on
 * a future the I/O thread completed (volatile for clarity).
 */
final class Attempt {

    /** The attempt bound for parameters without a stack timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    final ConnectionParameters params;
    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    volatile Connection connection;
    volatile AmqpConnectionException closeReason;

    Attempt(ConnectionParameters params) {
        this.params = params;
    }

    /** How long opening this address may take: the parameters' stack timeout, else 60 s. */
    Duration timeout() {
        return timeout(params);
    }

    static Duration timeout(ConnectionParameters params) {
        return params.stackTimeout().orElse(DEFAULT_TIMEOUT);
    }

    /** {@code host:port}, IPv6 in brackets. */
    String address() {
        String host = params.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + params.port();
    }

    /** The failure inside completion wrappers. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure as an unchecked exception to rethrow (errors are thrown as they are). */
    static RuntimeException runtime(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new AmqpConnectionException(String.valueOf(cause.getMessage()), cause);
    }

    /** A message ending with exactly one period, to go on with another sentence. */
    static String sentence(String message) {
        String text = String.valueOf(message).strip();
        return text.endsWith(".") ? text : text + ".";
    }
}
