package dev.pika.spec.codegen;

import dev.pika.spec.codegen.AmqpDefinition.AmqpClass;
import dev.pika.spec.codegen.AmqpDefinition.AmqpMethod;
import dev.pika.spec.codegen.AmqpDefinition.Constant;
import dev.pika.spec.codegen.AmqpDefinition.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Generates {@code dev.pika.spec} from RabbitMQ's AMQP 0-9-1 JSON definition ({@code amqp-rabbitmq-0.9.1.json}): the
 * sealed {@code Method} interface, one holder class per AMQP class with a record per method, {@code MethodCodec} and
 * {@code AmqpConstants}.
 *
 * <p>Run it after changing it, from the repository root or {@code pika-java-core}. It needs only the JDK, so it
 * runs even when the committed {@code dev.pika.spec} does not compile:
 *
 * <pre>
 * javac -d /tmp/gen pika-java-core/src/test/java/dev/pika/spec/codegen/{Json,AmqpDefinition,Descriptions,SpecGenerator}.java
 * java -cp /tmp/gen dev.pika.spec.codegen.SpecGenerator [output-source-root]
 * </pre>
 *
 * <p>The definition is found with {@link #locateDefinition()}; the output root defaults to
 * {@code pika-java-core/src/main/java}, found by walking up from the working directory. {@code SpecGeneratorTest}
 * regenerates in memory and fails when the committed sources differ.
 *
 * <p>Stateless; {@link #generate(AmqpDefinition)} is a pure function.
 */
public final class SpecGenerator {

    /** The system property that names the definition file explicitly. */
    public static final String DEFINITION_PROPERTY = "pika.spec.definition";

    /** Where the definition lives relative to a parent of the working directory. */
    public static final String DEFINITION_RELATIVE_PATH = "shared/reference/amqp-rabbitmq-0.9.1.json";

    /** The generated package. */
    public static final String PACKAGE = "dev.pika.spec";

    private static final String DEFINITION_FILE = "amqp-rabbitmq-0.9.1.json";
    private static final String CLASS_METHOD_SEPARATOR = ".";
    private static final int LINE_WIDTH = 120;

    /** Arguments whose values are secrets: the generated toString hides them. */
    private static final Set<String> SENSITIVE = Set.of(
            "connection.start-ok.response", "connection.secure-ok.response", "connection.update-secret.new-secret");

    /**
     * Argument names that would clash with {@code Method}'s accessors ({@code classId()}, {@code methodId()}): the
     * class and method of the failing method in {@code Connection.Close}/{@code Channel.Close}.
     */
    private static final Map<String, String> RENAMED =
            Map.of("class-id", "failingClassId", "method-id", "failingMethodId");

    private SpecGenerator() {}

    /**
     * Generates the sources into the output root.
     *
     * @param args optionally the output source root (default: {@code pika-java-core/src/main/java})
     * @throws IOException when reading the definition or writing a source fails
     */
    public static void main(String[] args) throws IOException {
        Path definition = locateDefinition()
                .orElseThrow(() -> new IllegalStateException("AMQP definition not found; searched " + searchedPaths()
                        + "; set -D" + DEFINITION_PROPERTY + "=/path/to/" + DEFINITION_FILE));
        Path root = args.length > 0 ? Paths.get(args[0]) : locateSourceRoot();
        Path packageDir = root.resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(packageDir);
        Map<String, String> sources = generate(load(definition));
        try (var existing = Files.list(packageDir)) {
            for (Path file : (Iterable<Path>) existing::iterator) {
                if (file.toString().endsWith(".java")
                        && !sources.containsKey(file.getFileName().toString())) {
                    Files.delete(file);
                }
            }
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Files.writeString(packageDir.resolve(source.getKey()), source.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("Generated " + sources.size() + " sources into " + packageDir + " from " + definition);
    }

    /**
     * Reads a definition file.
     *
     * @param definition the JSON file
     * @return the parsed definition
     * @throws IOException when the file cannot be read
     */
    public static AmqpDefinition load(Path definition) throws IOException {
        return AmqpDefinition.from(Json.parse(Files.readString(definition, StandardCharsets.UTF_8)));
    }

    /**
     * Finds the definition: the file named by the system property {@value #DEFINITION_PROPERTY}, else
     * {@value #DEFINITION_RELATIVE_PATH} under the working directory or any of its parents.
     *
     * @return the file, or empty when there is none
     */
    public static Optional<Path> locateDefinition() {
        return searchedPaths().stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * Every path {@link #locateDefinition()} tries, in order.
     *
     * @return the candidate paths
     */
    public static List<Path> searchedPaths() {
        List<Path> paths = new ArrayList<>();
        String property = System.getProperty(DEFINITION_PROPERTY);
        if (property != null && !property.isBlank()) {
            paths.add(Paths.get(property).toAbsolutePath());
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            paths.add(dir.resolve(DEFINITION_RELATIVE_PATH));
        }
        return paths;
    }

    /**
     * Finds {@code pika-java-core/src/main/java} from the working directory (the module or any parent of it).
     *
     * @return the source root
     */
    public static Path locateSourceRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("pika-java-core")) {
                return dir.resolve("src/main/java");
            }
            Path module = dir.resolve("pika-java-core/src/main/java");
            if (Files.isDirectory(module)) {
                return module;
            }
        }
        throw new IllegalStateException("pika-java-core/src/main/java not found above "
                + Paths.get("").toAbsolutePath() + "; pass the output source root as the first argument");
    }

    /**
     * Generates every source of {@code dev.pika.spec}.
     *
     * @param definition the AMQP definition
     * @return file name (e.g. {@code "Basic.java"}) to content, in a stable order
     */
    public static Map<String, String> generate(AmqpDefinition definition) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("package-info.java", packageInfo(definition));
        sources.put("Method.java", methodInterface(definition));
        sources.put("AmqpConstants.java", constants(definition));
        sources.put("MethodCodec.java", codec(definition));
        for (AmqpClass amqpClass : definition.classes()) {
            sources.put(holderName(amqpClass) + ".java", holder(amqpClass));
        }
        return sources;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // package-info, Method

    private static String packageInfo(AmqpDefinition definition) {
        Source out = new Source();
        out.header();
        out.line("/**");
        out.line(" * The AMQP " + version(definition) + " protocol with RabbitMQ's extensions, generated from {@code "
                + DEFINITION_FILE + "}: one holder");
        out.line(" * class per AMQP class ({@link dev.pika.spec.Connection}, {@link dev.pika.spec.Basic}...) with one");
        out.line(
                " * record per method ({@code Basic.Deliver}, {@code Queue.DeclareOk}...), all implementing the sealed");
        out.line(
                " * {@link dev.pika.spec.Method}; {@link dev.pika.spec.MethodCodec} decodes a method frame's payload;");
        out.line(" * {@link dev.pika.spec.AmqpConstants} holds frame types, reply codes and limits.");
        out.line(" *");
        out.line(
                " * <p>Spec types map to Java as: bit {@code boolean}, octet and short {@code int}, long and longlong");
        out.line(" * {@code long} (unsigned values range-checked), shortstr and longstr {@code String} (UTF-8), table");
        out.line(" * {@code Map<String, Object>} (never {@code null}; see {@code dev.pika.frame.FieldTables}).");
        out.line(" * The records are immutable and safe to share between threads.");
        out.line(" *");
        out.line(" * <p>Do not edit: every file of this package is generated by");
        out.line(" * {@code pika-java-core/src/test/java/dev/pika/spec/codegen/SpecGenerator.java}.");
        out.line(" */");
        out.line("package " + PACKAGE + ";");
        return out.toString();
    }

    private static String methodInterface(AmqpDefinition definition) {
        Source out = new Source();
        out.header();
        out.line("package " + PACKAGE + ";");
        out.line();
        out.line("import java.nio.ByteBuffer;");
        out.line();
        out.line("/**");
        out.line(" * An AMQP " + version(definition) + " method: one record per method of the definition, nested in");
        out.line(
                " * its class's holder ({@code Basic.Deliver}, {@code Exchange.UnbindOk}...). A sealed interface, so a");
        out.line(" * {@code switch} over methods can be exhaustive.");
        out.line(" *");
        out.line(" * <p>Implementations are immutable records, safe to share between threads.");
        out.line(" */");
        List<String> permitted = new ArrayList<>();
        for (AmqpClass amqpClass : definition.classes()) {
            for (AmqpMethod method : amqpClass.methods()) {
                permitted.add(holderName(amqpClass) + "." + recordName(method));
            }
        }
        out.line("public sealed interface Method");
        out.line("        permits " + String.join(",\n                ", permitted) + " {");
        out.line();
        out.javadoc(1, "The AMQP class id, e.g. 60 for {@code basic}.", "@return the class id");
        out.line("    int classId();");
        out.line();
        out.javadoc(
                1, "The AMQP method id within its class, e.g. 60 for {@code basic.deliver}.", "@return the method id");
        out.line("    int methodId();");
        out.line();
        out.javadoc(1, "The method's name as Pika spells it, e.g. {@code \"Basic.Deliver\"}.", "@return the name");
        out.line("    String name();");
        out.line();
        out.javadoc(
                1,
                "Whether the peer answers this method with a reply method (e.g. {@code Queue.Declare} with {@code"
                        + " Queue.DeclareOk}), as the definition says; a {@code nowait} argument may waive the reply.",
                "@return {@code true} for synchronous methods");
        out.line("    boolean synchronous();");
        out.line();
        out.javadoc(
                1,
                "Whether content (a content header frame and body frames) follows this method: {@code Basic.Publish},"
                        + " {@code Basic.Return}, {@code Basic.Deliver}, {@code Basic.GetOk}.",
                "@return {@code true} for content-bearing methods");
        out.line("    boolean hasContent();");
        out.line();
        out.javadoc(
                1,
                "Writes the method's arguments (not its class and method ids) in wire format.",
                "@param out the buffer, advanced past the arguments",
                "@throws java.nio.BufferOverflowException when {@code out} is too small (nothing else is changed)");
        out.line("    void encode(ByteBuffer out);");
        out.line("}");
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // AmqpConstants

    private static String constants(AmqpDefinition definition) {
        Source out = new Source();
        out.header();
        out.line("package " + PACKAGE + ";");
        out.line();
        out.line("/**");
        out.line(" * The constants of AMQP " + version(definition) + " (RabbitMQ's definition): protocol version and");
        out.line(" * port, frame types and limits, and every reply code, with Pika's names.");
        out.line(" *");
        out.line(" * <p>Constants and stateless static methods only: safe to use from any thread.");
        out.line(" */");
        out.line("public final class AmqpConstants {");
        out.line();
        out.javadoc(1, "The protocol's major version.");
        out.line("    public static final int PROTOCOL_MAJOR = " + definition.major() + ";");
        out.line();
        out.javadoc(1, "The protocol's minor version.");
        out.line("    public static final int PROTOCOL_MINOR = " + definition.minor() + ";");
        out.line();
        out.javadoc(1, "The protocol's revision.");
        out.line("    public static final int PROTOCOL_REVISION = " + definition.revision() + ";");
        out.line();
        out.javadoc(1, "The IANA-assigned AMQP port.");
        out.line("    public static final int PORT = " + definition.port() + ";");
        out.line();
        out.javadoc(1, "The size of a frame header: type octet, channel short, payload size long.");
        out.line("    public static final int FRAME_HEADER_SIZE = 7;");
        out.line();
        out.javadoc(1, "The size of the frame-end octet.");
        out.line("    public static final int FRAME_END_SIZE = 1;");
        out.line();
        out.javadoc(1, "Pika's default {@code frame_max}: the largest frame, header and end octet included.");
        out.line("    public static final int FRAME_MAX_SIZE = 131072;");
        for (Constant constant : definition.constants()) {
            out.line();
            out.javadoc(1, constantDoc(constant));
            out.line("    public static final int " + constantName(constant.name()) + " = " + constant.value() + ";");
        }
        out.line();
        out.line("    private static final byte[] PROTOCOL_HEADER = {");
        out.line("        'A', 'M', 'Q', 'P', 0, " + definition.major() + ", " + definition.minor() + ", "
                + definition.revision());
        out.line("    };");
        out.line();
        out.line("    private AmqpConstants() {}");
        out.line();
        out.javadoc(
                1,
                "The protocol header the client sends first: {@code \"AMQP\"}, 0, then the version "
                        + definition.major() + ", " + definition.minor() + ", " + definition.revision() + ".",
                "@return a new 8-byte array");
        out.line("    public static byte[] protocolHeader() {");
        out.line("        return PROTOCOL_HEADER.clone();");
        out.line("    }");
        out.line();
        out.javadoc(
                1,
                "The name of a reply code, e.g. {@code \"NOT_FOUND\"} for 404.",
                "@param replyCode an AMQP reply code",
                "@return its name, or {@code \"UNKNOWN\"} for a code the definition does not list");
        out.line("    public static String replyCodeName(int replyCode) {");
        out.line("        switch (replyCode) {");
        for (Constant constant : definition.constants()) {
            if (isReplyCode(constant)) {
                out.line("            case " + constantName(constant.name()) + ":");
                out.line("                return \"" + constantName(constant.name()) + "\";");
            }
        }
        out.line("            default:");
        out.line("                return \"UNKNOWN\";");
        out.line("        }");
        out.line("    }");
        out.line();
        out.javadoc(
                1,
                "Whether a reply code is a hard error: a connection exception that closes the connection (soft"
                        + " errors close only the channel).",
                "@param replyCode an AMQP reply code",
                "@return {@code true} for the definition's hard-error codes");
        out.line("    public static boolean isHardError(int replyCode) {");
        out.line("        switch (replyCode) {");
        for (Constant constant : definition.constants()) {
            if ("hard-error".equals(constant.errorClass())) {
                out.line("            case " + constantName(constant.name()) + ":");
            }
        }
        out.line("                return true;");
        out.line("            default:");
        out.line("                return false;");
        out.line("        }");
        out.line("    }");
        out.line("}");
        return out.toString();
    }

    private static boolean isReplyCode(Constant constant) {
        return constant.errorClass() != null || constant.name().startsWith("REPLY-");
    }

    private static String constantDoc(Constant constant) {
        String name = constant.name();
        if (name.equals("FRAME-MIN-SIZE")) {
            return "The smallest {@code frame_max} a peer may negotiate; frames up to this size are always accepted.";
        }
        if (name.equals("FRAME-END")) {
            return "The octet that ends every frame (0xCE).";
        }
        if (name.startsWith("FRAME-")) {
            return "Frame type " + constant.value() + ": a " + name.substring(6).toLowerCase(Locale.ROOT) + " frame.";
        }
        if (constant.errorClass() == null) {
            return "Reply code " + constant.value() + ": success.";
        }
        return "Reply code " + constant.value() + ", a " + constant.errorClass().replace('-', ' ')
                + (constant.errorClass().startsWith("hard") ? " (closes the connection)." : " (closes the channel).");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MethodCodec

    private static String codec(AmqpDefinition definition) {
        Source out = new Source();
        out.header();
        out.line("package " + PACKAGE + ";");
        out.line();
        out.line("import dev.pika.exceptions.InvalidFrameException;");
        out.line("import dev.pika.exceptions.MethodNotImplementedException;");
        out.line("import java.nio.BufferUnderflowException;");
        out.line("import java.nio.ByteBuffer;");
        out.line();
        out.line("/**");
        out.line(
                " * Decodes method frame payloads into {@link Method} records: a {@code switch} on the class id, then on");
        out.line(" * the method id, straight from the buffer (no reflection, no lookup tables).");
        out.line(" *");
        out.line(" * <p>Stateless static methods: safe to call from any thread (a buffer itself is not thread-safe).");
        out.line(" */");
        out.line("public final class MethodCodec {");
        out.line();
        out.line("    private MethodCodec() {}");
        out.line();
        out.javadoc(
                1,
                "Decodes a method's arguments.",
                "@param classId the class id read from the method frame",
                "@param methodId the method id read from the method frame",
                "@param payload the arguments, from its position to its limit; advanced past them",
                "@return the method record",
                "@throws MethodNotImplementedException for ids the definition does not have (reply code 540)",
                "@throws InvalidFrameException when the arguments are truncated or a length runs past the limit",
                "@throws dev.pika.exceptions.InvalidFieldTypeException when a table holds an unknown field type");
        out.line("    public static Method decode(int classId, int methodId, ByteBuffer payload) {");
        out.line("        try {");
        out.line("            switch (classId) {");
        for (AmqpClass amqpClass : definition.classes()) {
            String holder = holderName(amqpClass);
            out.line("                case " + holder + ".CLASS_ID:");
            out.line("                    switch (methodId) {");
            for (AmqpMethod method : amqpClass.methods()) {
                String record = holder + "." + recordName(method);
                out.line("                        case " + record + ".METHOD_ID:");
                out.line("                            return " + record + ".decode(payload);");
            }
            out.line("                        default:");
            out.line("                            break;");
            out.line("                    }");
            out.line("                    break;");
        }
        out.line("                default:");
        out.line("                    break;");
        out.line("            }");
        out.line("        } catch (BufferUnderflowException e) {");
        out.line("            throw InvalidFrameException.truncated(methodName(classId, methodId));");
        out.line("        }");
        out.line("        throw MethodNotImplementedException.unknownMethod(classId, methodId);");
        out.line("    }");
        out.line();
        out.javadoc(
                1,
                "The name of a method as Pika spells it, for messages and logs.",
                "@param classId the class id",
                "@param methodId the method id",
                "@return e.g. {@code \"Basic.Deliver\"}, or {@code \"Unknown method 60.99\"} for ids the definition"
                        + " does not have");
        out.line("    public static String methodName(int classId, int methodId) {");
        out.line("        switch ((classId << 16) | methodId) {");
        for (AmqpClass amqpClass : definition.classes()) {
            for (AmqpMethod method : amqpClass.methods()) {
                out.line("            case " + ((amqpClass.id() << 16) | method.id()) + ":");
                out.line("                return \"" + pikaName(amqpClass, method) + "\";");
            }
        }
        out.line("            default:");
        out.line("                return \"Unknown method \" + classId + \".\" + methodId;");
        out.line("        }");
        out.line("    }");
        out.line("}");
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Holder classes and records

    private static String holder(AmqpClass amqpClass) {
        String holder = holderName(amqpClass);
        boolean usesTables = amqpClass.methods().stream()
                .anyMatch(m -> m.arguments().stream().anyMatch(f -> f.type().equals("table")));
        boolean usesWire = amqpClass.methods().stream()
                .anyMatch(m -> m.arguments().stream().anyMatch(f -> f.type().endsWith("str") || isRanged(f.type())));
        Source out = new Source();
        out.header();
        out.line("package " + PACKAGE + ";");
        out.line();
        if (usesTables) {
            out.line("import dev.pika.frame.FieldTables;");
        }
        if (usesWire) {
            out.line("import dev.pika.frame.WireFormat;");
        }
        out.line("import java.nio.ByteBuffer;");
        if (usesTables) {
            out.line("import java.util.Map;");
        }
        out.line();
        out.javadoc(
                0,
                "AMQP class {@code " + amqpClass.name() + "} (id " + amqpClass.id() + "): "
                        + orEmpty(Descriptions.ofClass(amqpClass.name()))
                        + "\n\n<p>Holds one immutable record per method; the records are safe to share between"
                        + " threads.");
        out.line("public final class " + holder + " {");
        out.line();
        out.javadoc(1, "The class id of {@code " + amqpClass.name() + "}.");
        out.line("    public static final int CLASS_ID = " + amqpClass.id() + ";");
        List<Field> properties = amqpClass.properties();
        for (int i = 0; i < properties.size(); i++) {
            Field property = properties.get(i);
            out.line();
            out.javadoc(
                    1,
                    "The content-header property flag of {@code " + property.name() + "} (" + property.type() + ").");
            out.line("    public static final int FLAG_" + constantName(property.name()) + " = 1 << " + (15 - i) + ";");
        }
        out.line();
        out.line("    private " + holder + "() {}");
        for (AmqpMethod method : amqpClass.methods()) {
            out.line();
            record(out, amqpClass, method);
        }
        out.line("}");
        return out.toString();
    }

    private static void record(Source out, AmqpClass amqpClass, AmqpMethod method) {
        String record = recordName(method);
        String pikaName = pikaName(amqpClass, method);
        List<Field> args = method.arguments();

        List<String> docs = new ArrayList<>();
        StringBuilder summary =
                new StringBuilder("{@code " + amqpClass.name() + "." + method.name() + "} (" + amqpClass.id() + "."
                        + method.id() + "): " + orEmpty(Descriptions.ofMethod(amqpClass.name(), method.name())));
        String reply = replies(amqpClass, method);
        if (method.synchronous()) {
            summary.append("\n\n<p>Synchronous: answered by ").append(reply).append('.');
        }
        if (method.content()) {
            summary.append("\n\n<p>Carries content: a content header frame and body frames follow it.");
        }
        docs.add(summary.toString());
        for (Field arg : args) {
            docs.add("@param " + componentName(arg) + " {@code " + arg.name() + "}, AMQP " + arg.type()
                    + defaultDoc(arg));
        }
        out.javadoc(1, docs.toArray(new String[0]));

        List<String> components = new ArrayList<>();
        for (Field arg : args) {
            components.add(javaType(arg.type()) + " " + componentName(arg));
        }
        String oneLine = "    public record " + record + "(" + String.join(", ", components) + ") implements Method {";
        if (oneLine.length() <= LINE_WIDTH) {
            out.line(oneLine);
        } else {
            out.line("    public record " + record + "(");
            for (int i = 0; i < components.size(); i++) {
                out.line("            " + components.get(i) + (i + 1 < components.size() ? "," : ")"));
            }
            out.line("            implements Method {");
        }
        out.line();
        out.javadoc(2, "The method id of {@code " + amqpClass.name() + "." + method.name() + "}.");
        out.line("        public static final int METHOD_ID = " + method.id() + ";");
        if (args.isEmpty()) {
            out.line();
            out.javadoc(2, "The only instance needed: the method has no arguments.");
            out.line("        public static final " + record + " INSTANCE = new " + record + "();");
        }

        List<String> checks = new ArrayList<>();
        for (Field arg : args) {
            String name = componentName(arg);
            String field = "\"" + pikaName + "." + name + "\"";
            switch (arg.type()) {
                case "octet" -> checks.add("WireFormat.requireOctet(" + field + ", " + name + ");");
                case "short" -> checks.add("WireFormat.requireShort(" + field + ", " + name + ");");
                case "long" -> checks.add("WireFormat.requireUnsignedInt(" + field + ", " + name + ");");
                case "shortstr" -> checks.add("WireFormat.requireShortString(" + field + ", " + name + ");");
                case "longstr" -> checks.add("WireFormat.requireLongString(" + field + ", " + name + ");");
                case "table" -> checks.add(name + " = FieldTables.immutableCopy(" + name + ");");
                default -> {
                    // bit and longlong take every Java value
                }
            }
        }
        if (!checks.isEmpty()) {
            Set<String> types = new HashSet<>();
            args.forEach(arg -> types.add(arg.type()));
            List<String> doc = new ArrayList<>();
            doc.add(
                    types.contains("table")
                            ? "Checks the arguments against their AMQP types; tables are copied (unmodifiable, {@code null}"
                                    + " is the empty table)."
                            : "Checks the arguments against their AMQP types.");
            if (types.contains("octet") || types.contains("short") || types.contains("long")) {
                doc.add("@throws IllegalArgumentException when a number is outside its AMQP type's range");
            }
            if (types.contains("shortstr") || types.contains("longstr")) {
                doc.add("@throws NullPointerException when a string is {@code null}");
            }
            if (types.contains("shortstr")) {
                doc.add("@throws dev.pika.exceptions.ShortStringTooLongException when a short string is longer than"
                        + " 255 bytes of UTF-8");
            }
            out.line();
            out.javadoc(2, doc.toArray(new String[0]));
            out.line("        public " + record + " {");
            for (String check : checks) {
                out.line("            " + check);
            }
            out.line("        }");
        }

        accessor(out, "int", "classId", "return CLASS_ID;");
        accessor(out, "int", "methodId", "return METHOD_ID;");
        accessor(out, "String", "name", "return \"" + pikaName + "\";");
        accessor(out, "boolean", "synchronous", "return " + method.synchronous() + ";");
        accessor(out, "boolean", "hasContent", "return " + method.content() + ";");

        out.line();
        out.line("        @Override");
        if (args.isEmpty()) {
            out.line("        public void encode(ByteBuffer out) {}");
        } else {
            out.line("        public void encode(ByteBuffer out) {");
            for (String statement : encodeStatements(args)) {
                out.line("            " + statement);
            }
            out.line("        }");
        }

        out.line();
        out.line("        static " + record + " decode(ByteBuffer in) {");
        if (args.isEmpty()) {
            out.line("            return INSTANCE;");
        } else {
            List<String> names = new ArrayList<>();
            for (String statement : decodeStatements(args, names)) {
                out.line("            " + statement);
            }
            String call = "            return new " + record + "(" + String.join(", ", names) + ");";
            if (call.length() <= LINE_WIDTH) {
                out.line(call);
            } else {
                out.line("            return new " + record + "(");
                for (int i = 0; i < names.size(); i++) {
                    out.line("                    " + names.get(i) + (i + 1 < names.size() ? "," : ");"));
                }
            }
        }
        out.line("        }");

        List<String> hidden = new ArrayList<>();
        for (Field arg : args) {
            if (SENSITIVE.contains(amqpClass.name() + "." + method.name() + "." + arg.name())) {
                hidden.add(componentName(arg));
            }
        }
        if (!hidden.isEmpty()) {
            out.line();
            out.javadoc(
                    2,
                    "Describes the method without its secret arguments (" + String.join(", ", hidden)
                            + "): only their lengths are shown.",
                    "@return the description");
            out.line("        @Override");
            out.line("        public String toString() {");
            List<String> parts = new ArrayList<>();
            for (Field arg : args) {
                String name = componentName(arg);
                parts.add(
                        hidden.contains(name)
                                ? "\"" + name + "=<hidden, \" + " + name + ".length() + \" chars>\""
                                : "\"" + name + "=\" + " + name);
            }
            out.line("            return \"" + record + "[\"");
            for (int i = 0; i < parts.size(); i++) {
                out.line("                    + " + parts.get(i) + (i + 1 < parts.size() ? " + \", \"" : ""));
            }
            out.line("                    + \"]\";");
            out.line("        }");
        }
        out.line("    }");
    }

    private static void accessor(Source out, String type, String name, String body) {
        out.line();
        out.line("        @Override");
        out.line("        public " + type + " " + name + "() {");
        out.line("            " + body);
        out.line("        }");
    }

    private static List<String> encodeStatements(List<Field> args) {
        List<String> statements = new ArrayList<>();
        List<String> bits = new ArrayList<>();
        for (Field arg : args) {
            String name = componentName(arg);
            if (arg.type().equals("bit")) {
                if (bits.size() == 8) {
                    statements.add(packBits(bits));
                    bits.clear();
                }
                bits.add(name);
                continue;
            }
            if (!bits.isEmpty()) {
                statements.add(packBits(bits));
                bits.clear();
            }
            statements.add(
                    switch (arg.type()) {
                        case "octet" -> "out.put((byte) " + name + ");";
                        case "short" -> "out.putShort((short) " + name + ");";
                        case "long" -> "out.putInt((int) " + name + ");";
                        case "longlong" -> "out.putLong(" + name + ");";
                        case "shortstr" -> "WireFormat.writeShortString(out, " + name + ");";
                        case "longstr" -> "WireFormat.writeLongString(out, " + name + ");";
                        case "table" -> "FieldTables.write(out, " + name + ");";
                        default -> throw unsupported(arg);
                    });
        }
        if (!bits.isEmpty()) {
            statements.add(packBits(bits));
        }
        return statements;
    }

    private static String packBits(List<String> bits) {
        if (bits.size() == 1) {
            return "out.put((byte) (" + bits.get(0) + " ? 1 : 0));";
        }
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < bits.size(); i++) {
            terms.add("(" + bits.get(i) + " ? " + (1 << i) + " : 0)");
        }
        String oneLine = "out.put((byte) (" + String.join(" | ", terms) + "));";
        if (12 + oneLine.length() <= LINE_WIDTH) {
            return oneLine;
        }
        return "out.put((byte) (" + String.join("\n                    | ", terms) + "));";
    }

    private static List<String> decodeStatements(List<Field> args, List<String> names) {
        List<String> statements = new ArrayList<>();
        int bitIndex = 8;
        int octets = 0;
        long bitGroups = args.stream().filter(f -> f.type().equals("bit")).count();
        for (Field arg : args) {
            String name = componentName(arg);
            names.add(name);
            if (arg.type().equals("bit")) {
                if (bitIndex == 8) {
                    octets++;
                    bitIndex = 0;
                    statements.add("int " + bitsName(octets, bitGroups) + " = in.get();");
                }
                statements.add(
                        "boolean " + name + " = (" + bitsName(octets, bitGroups) + " & " + (1 << bitIndex) + ") != 0;");
                bitIndex++;
                continue;
            }
            bitIndex = 8;
            statements.add(
                    switch (arg.type()) {
                        case "octet" -> "int " + name + " = in.get() & 0xFF;";
                        case "short" -> "int " + name + " = in.getShort() & 0xFFFF;";
                        case "long" -> "long " + name + " = in.getInt() & 0xFFFF_FFFFL;";
                        case "longlong" -> "long " + name + " = in.getLong();";
                        case "shortstr" -> "String " + name + " = WireFormat.readShortString(in);";
                        case "longstr" -> "String " + name + " = WireFormat.readLongString(in);";
                        case "table" -> "Map<String, Object> " + name + " = FieldTables.read(in);";
                        default -> throw unsupported(arg);
                    });
        }
        return statements;
    }

    private static String bitsName(int octet, long bitCount) {
        return bitCount > 8 ? "bits" + octet : "bits";
    }

    private static IllegalStateException unsupported(Field arg) {
        return new IllegalStateException("The generator does not support method arguments of type " + arg.type()
                + " (argument " + arg.name() + "); extend SpecGenerator");
    }

    private static String javaType(String type) {
        return switch (type) {
            case "bit" -> "boolean";
            case "octet", "short" -> "int";
            case "long", "longlong" -> "long";
            case "shortstr", "longstr" -> "String";
            case "table" -> "Map<String, Object>";
            default -> throw new IllegalStateException("The generator does not support AMQP type " + type);
        };
    }

    private static boolean isRanged(String type) {
        return type.equals("octet") || type.equals("short") || type.equals("long");
    }

    private static String defaultDoc(Field arg) {
        Object value = arg.defaultValue();
        if (value == null) {
            return "";
        }
        if (value instanceof String string) {
            return " (default {@code \"" + string + "\"})";
        }
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return " (default empty)";
        }
        return " (default {@code " + value + "})";
    }

    private static String replies(AmqpClass amqpClass, AmqpMethod method) {
        List<String> replies = new ArrayList<>();
        for (AmqpMethod candidate : amqpClass.methods()) {
            if (candidate.name().equals(method.name() + "-ok")
                    || candidate.name().equals(method.name() + "-empty")) {
                replies.add("{@link " + recordName(candidate) + "}");
            }
        }
        return replies.isEmpty() ? "a reply method" : String.join(" or ", replies);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Names

    static String holderName(AmqpClass amqpClass) {
        return pascal(amqpClass.name());
    }

    static String recordName(AmqpMethod method) {
        return pascal(method.name());
    }

    static String componentName(Field field) {
        String renamed = RENAMED.get(field.name());
        if (renamed != null) {
            return renamed;
        }
        String pascal = pascal(field.name());
        return Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
    }

    private static String pikaName(AmqpClass amqpClass, AmqpMethod method) {
        return holderName(amqpClass) + CLASS_METHOD_SEPARATOR + recordName(method);
    }

    private static String pascal(String dashed) {
        StringBuilder name = new StringBuilder();
        for (String part : dashed.split("-")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.toString();
    }

    private static String constantName(String dashed) {
        return dashed.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String version(AmqpDefinition definition) {
        return definition.major() + "-" + definition.minor() + "-" + definition.revision();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** A source file being written: lines with {@code \n} endings. Not thread-safe. */
    private static final class Source {

        private final StringBuilder text = new StringBuilder();

        void header() {
            line("// Generated by dev.pika.spec.codegen.SpecGenerator from " + DEFINITION_FILE + " (AMQP 0-9-1 with");
            line(
                    "// RabbitMQ's extensions). Do not edit: change the generator and run it; SpecGeneratorTest fails when");
            line("// this file differs from the generator's output.");
            line();
        }

        void line() {
            text.append('\n');
        }

        void line(String line) {
            text.append(line).append('\n');
        }

        /** A javadoc comment; the first part is the description (wrapped), the others are block tags. */
        void javadoc(int level, String... parts) {
            String indent = "    ".repeat(level);
            if (parts.length == 1
                    && !parts[0].contains("\n")
                    && indent.length() + parts[0].length() + 7 <= LINE_WIDTH) {
                line(indent + "/** " + parts[0] + " */");
                return;
            }
            line(indent + "/**");
            for (int i = 0; i < parts.length; i++) {
                if (i == 1 || (i > 1 && !parts[i - 1].startsWith("@"))) {
                    line(indent + " *");
                }
                String[] paragraphs = parts[i].split("\n\n");
                for (int p = 0; p < paragraphs.length; p++) {
                    if (p > 0) {
                        line(indent + " *");
                    }
                    wrap(indent, paragraphs[p], parts[i].startsWith("@"));
                }
            }
            line(indent + " */");
        }

        private void wrap(String indent, String paragraph, boolean blockTag) {
            String prefix = indent + " * ";
            String continuation = blockTag ? prefix + "    " : prefix;
            StringBuilder current = new StringBuilder(prefix);
            boolean empty = true;
            for (String word : paragraph.split(" ")) {
                if (!empty && current.length() + 1 + word.length() > LINE_WIDTH) {
                    line(current.toString());
                    current = new StringBuilder(continuation);
                    empty = true;
                }
                if (!empty) {
                    current.append(' ');
                }
                current.append(word);
                empty = false;
            }
            line(current.toString());
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
