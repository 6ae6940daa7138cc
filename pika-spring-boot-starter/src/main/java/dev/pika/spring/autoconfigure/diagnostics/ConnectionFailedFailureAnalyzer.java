package dev.pika.spring.autoconfigure.diagnostics;

import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ProbableAccessDeniedException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.spring.connection.ConnectionFailedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ConnectionFailedException} (the connection could not be opened at start-up and
 * will not be retried) in Spring Boot's start-up failure report, with an action that depends on why:
 * credentials refused, virtual host refused, or the broker unreachable with recovery off or out of
 * attempts.
 *
 * <p>Registered in {@code META-INF/spring.factories}. Stateless; thread-safe.
 */
public class ConnectionFailedFailureAnalyzer extends AbstractFailureAnalyzer<ConnectionFailedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConnectionFailedException cause) {
        Throwable reason = cause.getCause();
        String description = "The pika connection '" + cause.connectionName() + "' could not be opened: "
                + (reason == null ? cause.getMessage() : reason.getMessage());
        String action;
        if (reason instanceof AuthenticationException || reason instanceof ProbableAuthenticationException) {
            action = "The broker refused the credentials. Check pika.username and pika.password (or the user and"
                    + " password in pika.url / PIKA_URL), and that the user exists on the broker"
                    + " (rabbitmqctl list_users). It is not retried, so as not to lock the account.";
        } else if (reason instanceof ProbableAccessDeniedException) {
            action = "The broker refused access to the virtual host. Check pika.virtual-host (or the path of"
                    + " pika.url: %2F is the default virtual host /), and the user's permissions on it"
                    + " (rabbitmqctl list_permissions -p <vhost>).";
        } else {
            action = "Check that the broker is running and reachable at pika.url, pika.addresses or pika.host and"
                    + " pika.port. To let the application start while the broker is down and connect later,"
                    + " keep pika.recovery.enabled=true (the default) and pika.recovery.max-attempts=0.";
        }
        return new FailureAnalysis(description, action, cause);
    }
}
