package dev.pika.spring.it;

import dev.pika.spring.autoconfigure.PikaAdminAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaTemplateAutoConfiguration;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's auto-configurations on an {@link ApplicationContextRunner}, and thread checks. */
final class StarterContexts {

    private StarterContexts() {}

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PikaAutoConfiguration.class,
                        PikaConnectionAutoConfiguration.class,
                        PikaTemplateAutoConfiguration.class,
                        PikaAdminAutoConfiguration.class));
    }

    /** The live threads the starter's connections own ({@code pika-io-N}, {@code pika-recovery-N}). */
    static Set<Thread> starterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("pika-io-") || t.getName().startsWith("pika-recovery-"))
                .collect(Collectors.toSet());
    }
}
