package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the package layering of docs/internals.md on the compiled classes, by reading every class file's constant
 * pool (class references, descriptors and generic signatures; string literals are ignored):
 *
 * <ul>
 *   <li>{@code dev.pika.spec} and {@code dev.pika.frame} reference nothing in {@code dev.pika.connection},
 *       {@code dev.pika.channel}, {@code dev.pika.io} or {@code dev.pika.adapters};
 *   <li>nothing outside {@code dev.pika.adapters} references {@code java.nio.channels}.
 * </ul>
 */
class PackageDependencyTest {

    private static final List<String> ENGINE_AND_ADAPTERS =
            List.of("dev/pika/connection/", "dev/pika/channel/", "dev/pika/io/", "dev/pika/adapters/");

    /** Class name (internal form) to the internal names and descriptors its constant pool mentions. */
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
                references.put(name.substring(0, name.length() - ".class".length()), constantPoolReferences(file));
            });
        }
    }

    @Test
    void theScannerSeesTheCodecAndItsReferences() {
        assertThat(classesIn("dev/pika/spec/")).hasSizeGreaterThan(60);
        assertThat(classesIn("dev/pika/frame/")).hasSizeGreaterThan(5);
        assertThat(references.get("dev/pika/frame/FrameDecoder"))
                .anyMatch(reference -> reference.contains("dev/pika/spec/MethodCodec"))
                .anyMatch(reference -> reference.contains("java/nio/ByteBuffer"));
        assertThat(references.get("dev/pika/spec/Basic$Deliver"))
                .anyMatch(reference -> reference.contains("dev/pika/frame/WireFormat"));
    }

    @Test
    void specAndFrameImportNothingFromTheEngineOrTheAdapters() {
        Map<String, Set<String>> violations = new TreeMap<>();
        for (String type : union(classesIn("dev/pika/spec/"), classesIn("dev/pika/frame/"))) {
            for (String reference : references.get(type)) {
                for (String forbidden : ENGINE_AND_ADAPTERS) {
                    if (reference.contains(forbidden)) {
                        violations.computeIfAbsent(type, t -> new TreeSet<>()).add(reference);
                    }
                }
            }
        }
        assertThat(violations)
                .as("spec/frame classes referencing the engine or adapters")
                .isEmpty();
    }

    @Test
    void onlyAdaptersUseJavaNioChannels() {
        Map<String, Set<String>> violations = new TreeMap<>();
        references.forEach((type, referenced) -> {
            if (type.startsWith("dev/pika/adapters/")) {
                return;
            }
            for (String reference : referenced) {
                if (reference.contains("java/nio/channels/")) {
                    violations.computeIfAbsent(type, t -> new TreeSet<>()).add(reference);
                }
            }
        });
        assertThat(violations)
                .as("classes outside dev.pika.adapters using java.nio.channels")
                .isEmpty();
    }

    private static Set<String> classesIn(String packagePrefix) {
        Set<String> classes = new TreeSet<>();
        for (String type : references.keySet()) {
            if (type.startsWith(packagePrefix) && type.indexOf('/', packagePrefix.length()) < 0) {
                classes.add(type);
            }
        }
        return classes;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }

    /**
     * The UTF-8 constants of a class file that name types: class entries, descriptors, signatures. String literals
     * (CONSTANT_String) are left out so that a message mentioning a package is not a dependency.
     */
    static Set<String> constantPoolReferences(Path classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(classFile)))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalStateException(classFile + " is not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            Set<Integer> literals = new HashSet<>();
            for (int index = 1; index < count; index++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[index] = in.readUTF();
                    case 7, 16, 19, 20 -> in.readUnsignedShort(); // Class, MethodType, Module, Package
                    case 8 -> literals.add(in.readUnsignedShort()); // String
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        index++; // 8-byte constants take two entries
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default ->
                        throw new IllegalStateException(
                                "Unknown constant pool tag " + tag + " at entry " + index + " of " + classFile);
                }
            }
            List<String> names = new ArrayList<>();
            for (int index = 1; index < count; index++) {
                if (utf8[index] != null && !literals.contains(index)) {
                    names.add(utf8[index]);
                }
            }
            return new HashSet<>(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
