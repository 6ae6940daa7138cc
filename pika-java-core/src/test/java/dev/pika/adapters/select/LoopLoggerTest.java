package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class LoopLoggerTest {

    @Test
    void formatsSlf4jPlaceholdersForTheSystemLoggerFallback() {
        assertThat(LoopLogger.format("dropped {} callbacks of {}", 3, "loop")).isEqualTo("dropped 3 callbacks of loop");
        assertThat(LoopLogger.format("more {} than {}", 1)).isEqualTo("more 1 than {}");
        assertThat(LoopLogger.format("no placeholder", 1)).isEqualTo("no placeholder");
        assertThat(LoopLogger.format("null {}", (Object) null)).isEqualTo("null null");
    }

    @Test
    void usesSlf4jWhenPresentAndSystemLoggerOtherwise() {
        assertThat(LoopLogger.get(LoopLoggerTest.class).usesSlf4j())
                .as("SLF4J is on the test classpath")
                .isTrue();
        LoopLogger fallback = LoopLogger.get(LoopLoggerTest.class, false);
        assertThat(fallback.usesSlf4j()).isFalse();
        assertThatCode(() -> {
                    fallback.debug("debug {}", 1);
                    fallback.info("info {}", 2);
                    fallback.warn("a warning logged on purpose by a test", new IllegalStateException("test"));
                })
                .doesNotThrowAnyException();
    }
}
