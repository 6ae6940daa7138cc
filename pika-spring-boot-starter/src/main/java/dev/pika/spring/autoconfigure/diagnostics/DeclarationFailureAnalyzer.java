package dev.pika.spring.autoconfigure.diagnostics;

import dev.pika.spring.core.DeclarationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DeclarationException} (the broker refused a {@code Queue}, {@code Exchange} or
 * {@code Binding} bean at start-up) in Spring Boot's start-up failure report: every refused entity with
 * the broker's reply, and what the reply usually means.
 *
 * <p>Registered in {@code META-INF/spring.factories}. Stateless; thread-safe.
 */
public class DeclarationFailureAnalyzer extends AbstractFailureAnalyzer<DeclarationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DeclarationException cause) {
        StringBuilder description =
                new StringBuilder("The broker refused pika declarations:\n - ").append(cause.getMessage());
        for (Throwable other : cause.getSuppressed()) {
            description.append("\n - ").append(other.getMessage());
        }
        String action = switch (cause.replyCode()) {
            case 406 ->
                "The entity exists on the broker with other settings (durable, exclusive, type,"
                        + " arguments). Make the bean match it, or delete the entity on the broker so that it is"
                        + " declared again.";
            case 403 ->
                "The user may not configure this entity: grant it configure permission on the"
                        + " virtual host, or rename the entity (amq.* names are reserved).";
            case 404 -> "A binding names an exchange or queue that does not exist: declare it as a bean too.";
            case 405 -> "The queue is exclusive to another connection: make it non-exclusive or use another" + " name.";
            default ->
                "Fix the declaration beans, or set pika.declarations.fail-fast=false to start anyway"
                        + " and only log refused declarations.";
        };
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
