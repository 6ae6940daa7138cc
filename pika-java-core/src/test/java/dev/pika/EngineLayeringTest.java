package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol engine's layering (docs/internals.md), checked on the compiled classes as {@link
 * PackageDependencyTest} does: the engine ({@code dev.pika.connection}, {@code dev.pika.channel}, {@code
 * dev.pika.internal}) never references the adapters, sockets, executors or timers of its own, and {@code dev.pika.channel}
 * depends on no connection class (the connection drives it through {@code ChannelOwner}/{@code ChannelEndpoint}).
 */
class EngineLayeringTest {

    private static final String[] ENGINE = {"dev/pika/connection/", "dev/pika/channel/", "dev/pika/internal/"};

    private static Map<String, Set<String>> references;

    @BeforeAll
    static void readCompiledClasses() throws IOException, URISyntaxException {
        Path root = Path.of(BasicProperties.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        references = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".class")).forEach(file -> {
                String name = root.relativize(file).toString().replace('\\', '/');
                references.put(
                        name.substring(0, name.length() - ".class".length()),
                        PackageDependencyTest.constantPoolReferences(file));
            });
        }
    }

    private static Map<String, Set<String>> violations(String[] packages, String... forbidden) {
        Map<String, Set<String>> violations = new TreeMap<>();
        references.forEach((type, referenced) -> {
            boolean inScope = false;
            for (String prefix : packages) {
                inScope |= type.startsWith(prefix);
            }
            if (!inScope) {
                return;
            }
            for (String reference : referenced) {
                for (String bad : forbidden) {
                    if (reference.contains(bad)) {
                        violations.computeIfAbsent(type, t -> new TreeSet<>()).add(reference);
                    }
                }
            }
        });
        return violations;
    }

    @Test
    void theEngineIsThere() {
        assertThat(references).containsKeys("dev/pika/connection/Connection", "dev/pika/channel/Channel");
    }

    @Test
    void theEngineTouchesNoAdapterNoSocketAndNoThreadPool() {
        assertThat(violations(
                        ENGINE,
                        "dev/pika/adapters/",
                        "java/nio/channels/",
                        "java/net/Socket",
                        "java/util/concurrent/Executor",
                        "java/util/concurrent/ThreadFactory",
                        "java/util/Timer"))
                .isEmpty();
    }

    @Test
    void channelsDependOnNoConnectionClass() {
        assertThat(violations(new String[] {"dev/pika/channel/"}, "dev/pika/connection/"))
                .isEmpty();
    }
}
