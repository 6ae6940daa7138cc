package dev.pika.spec.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.spec.codegen.AmqpDefinition.AmqpClass;
import dev.pika.spec.codegen.AmqpDefinition.AmqpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regenerates {@code dev.pika.spec} in memory from the AMQP definition and fails on any difference with the committed
 * sources. Skipped (assumption) when the definition is not available, e.g. on a hosted runner.
 */
class SpecGeneratorTest {

    private static AmqpDefinition definition;

    @BeforeAll
    static void loadDefinition() throws IOException {
        Optional<Path> file = SpecGenerator.locateDefinition();
        if (file.isPresent()) {
            definition = SpecGenerator.load(file.get());
        }
    }

    private static AmqpDefinition requireDefinition() {
        assumeTrue(
                definition != null,
                () -> "AMQP definition amqp-rabbitmq-0.9.1.json not found; searched " + SpecGenerator.searchedPaths()
                        + " (set -D" + SpecGenerator.DEFINITION_PROPERTY + " to its path)");
        return definition;
    }

    @Test
    void committedSourcesAreWhatTheGeneratorWrites() throws IOException {
        Map<String, String> generated = SpecGenerator.generate(requireDefinition());
        Path packageDir = SpecGenerator.locateSourceRoot().resolve("dev/pika/spec");

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> source : generated.entrySet()) {
            Path file = packageDir.resolve(source.getKey());
            if (!Files.isRegularFile(file)) {
                problems.add(source.getKey() + ": missing from " + packageDir);
                continue;
            }
            String committed = Files.readString(file, StandardCharsets.UTF_8);
            if (!committed.equals(source.getValue())) {
                problems.add(source.getKey() + ": " + firstDifference(committed, source.getValue()));
            }
        }
        try (Stream<Path> files = Files.list(packageDir)) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".java") && !generated.containsKey(name))
                    .forEach(name -> problems.add(name + ": not produced by the generator (stale?)"));
        }
        assertThat(problems)
                .as("dev.pika.spec differs from the generator's output; run"
                        + " dev.pika.spec.codegen.SpecGenerator to regenerate it")
                .isEmpty();
    }

    @Test
    void generationIsDeterministic() {
        AmqpDefinition amqp = requireDefinition();
        assertThat(SpecGenerator.generate(amqp)).isEqualTo(SpecGenerator.generate(amqp));
    }

    @Test
    void definitionHasTheIdsThatAreEasyToGetWrong() {
        AmqpDefinition amqp = requireDefinition();
        assertThat(id(amqp, "exchange", "unbind-ok")).isEqualTo("40.51");
        assertThat(id(amqp, "connection", "blocked")).isEqualTo("10.60");
        assertThat(id(amqp, "connection", "unblocked")).isEqualTo("10.61");
        assertThat(id(amqp, "connection", "update-secret")).isEqualTo("10.70");
        assertThat(id(amqp, "connection", "update-secret-ok")).isEqualTo("10.71");
        assertThat(id(amqp, "confirm", "select")).isEqualTo("85.10");
        assertThat(id(amqp, "basic", "nack")).isEqualTo("60.120");
    }

    @Test
    void everyMethodOfTheDefinitionIsGenerated() {
        AmqpDefinition amqp = requireDefinition();
        String methodInterface = SpecGenerator.generate(amqp).get("Method.java");
        TreeSet<String> missing = new TreeSet<>();
        int count = 0;
        for (AmqpClass amqpClass : amqp.classes()) {
            for (AmqpMethod method : amqpClass.methods()) {
                count++;
                String record = SpecGenerator.holderName(amqpClass) + "." + SpecGenerator.recordName(method);
                if (!methodInterface.contains(record)) {
                    missing.add(record);
                }
            }
        }
        assertThat(count).isGreaterThanOrEqualTo(65);
        assertThat(missing).isEmpty();
    }

    @Test
    void definitionIsLookedUpFromTheSystemPropertyThenUpwardsFromTheWorkingDirectory() {
        String previous = System.getProperty(SpecGenerator.DEFINITION_PROPERTY);
        System.setProperty(SpecGenerator.DEFINITION_PROPERTY, "/nowhere/amqp.json");
        try {
            List<Path> searched = SpecGenerator.searchedPaths();

            assertThat(searched.get(0)).isEqualTo(Path.of("/nowhere/amqp.json"));
            assertThat(searched.get(1))
                    .isEqualTo(Path.of("").toAbsolutePath().resolve(SpecGenerator.DEFINITION_RELATIVE_PATH));
            assertThat(searched.get(searched.size() - 1).getParent().getParent().getParent())
                    .isEqualTo(Path.of("").toAbsolutePath().getRoot());
        } finally {
            if (previous == null) {
                System.clearProperty(SpecGenerator.DEFINITION_PROPERTY);
            } else {
                System.setProperty(SpecGenerator.DEFINITION_PROPERTY, previous);
            }
        }
    }

    private static String id(AmqpDefinition amqp, String className, String methodName) {
        for (AmqpClass amqpClass : amqp.classes()) {
            if (amqpClass.name().equals(className)) {
                for (AmqpMethod method : amqpClass.methods()) {
                    if (method.name().equals(methodName)) {
                        return amqpClass.id() + "." + method.id();
                    }
                }
            }
        }
        return "absent";
    }

    /** The first differing line with its number, both versions shown. */
    static String firstDifference(String committed, String generated) {
        String[] left = committed.split("\n", -1);
        String[] right = generated.split("\n", -1);
        int lines = Math.min(left.length, right.length);
        for (int i = 0; i < lines; i++) {
            if (!left[i].equals(right[i])) {
                return "first difference at line " + (i + 1) + ":\n  committed: " + left[i] + "\n  generated: "
                        + right[i];
            }
        }
        return "committed has " + left.length + " lines, generated " + right.length;
    }
}
