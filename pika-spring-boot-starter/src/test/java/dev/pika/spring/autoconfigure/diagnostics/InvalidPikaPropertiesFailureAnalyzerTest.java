package dev.pika.spring.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException;
import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class InvalidPikaPropertiesFailureAnalyzerTest {

    private final InvalidPikaPropertiesException exception = new InvalidPikaPropertiesException(List.of(
            new Violation("pika.frame-max", "100", "must be between 4096 and 131072", "Set it to 131072."),
            new Violation("pika.password", "******", "is empty", "Set pika.password.")));

    @Test
    void describesEveryPropertyAndSaysEachFix() {
        FailureAnalysis analysis = new InvalidPikaPropertiesFailureAnalyzer()
                .analyze(new BeanCreationException("pikaProperties", "Init failed", exception));

        assertThat(analysis.getDescription())
                .isEqualTo("Invalid pika configuration:\n"
                        + " - pika.frame-max = 100: must be between 4096 and 131072\n"
                        + " - pika.password = ******: is empty");
        assertThat(analysis.getAction())
                .isEqualTo("Update your application's configuration:\n"
                        + " - pika.frame-max: Set it to 131072.\n"
                        + " - pika.password: Set pika.password.");
        assertThat(analysis.getCause()).isSameAs(exception);
    }

    @Test
    void ignoresOtherFailures() {
        assertThat(new InvalidPikaPropertiesFailureAnalyzer().analyze(new IllegalStateException("other")))
                .isNull();
    }

    @Test
    void isRegisteredForSpringBootsFailureReport() {
        // Boot's own analyzers need classes this module does not have; skip those, keep ours.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
                        .load(
                                FailureAnalyzer.class,
                                SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> {})))
                .hasAtLeastOneElementOfType(InvalidPikaPropertiesFailureAnalyzer.class);
    }
}
