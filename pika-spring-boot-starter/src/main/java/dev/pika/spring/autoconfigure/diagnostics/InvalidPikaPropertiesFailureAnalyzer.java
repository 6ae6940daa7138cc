package dev.pika.spring.autoconfigure.diagnostics;

import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException;
import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException.Violation;
import java.util.List;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidPikaPropertiesException} in Spring Boot's start-up failure report: the
 * description lists each invalid property with its value and problem, the action says how to fix each.
 *
 * <pre>
 * ***************************
 * APPLICATION FAILED TO START
 * ***************************
 *
 * Description:
 *
 * Invalid pika configuration:
 *  - pika.listener.prefetch = 2: is below pika.listener.concurrency (4), so ...
 *
 * Action:
 *
 * Update your application's configuration:
 *  - pika.listener.prefetch: Raise pika.listener.prefetch to at least 4 or lower ...
 * </pre>
 *
 * <p>Registered in {@code META-INF/spring.factories}. Stateless; thread-safe.
 */
public class InvalidPikaPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPikaPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPikaPropertiesException cause) {
        List<Violation> violations = cause.getViolations();
        StringBuilder description = new StringBuilder("Invalid pika configuration:");
        StringBuilder action = new StringBuilder("Update your application's configuration:");
        for (Violation violation : violations) {
            description.append("\n - ").append(violation.describe());
            action.append("\n - ").append(violation.property()).append(": ").append(violation.action());
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }
}
