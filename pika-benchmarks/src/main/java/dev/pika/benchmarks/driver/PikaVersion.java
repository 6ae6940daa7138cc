package dev.pika.benchmarks.driver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of pika-java on the class path, for the pika drivers' run headers.
 *
 * <p>Stateless; thread-safe.
 */
public final class PikaVersion {

    private static final String RESOURCE = "/META-INF/maven/dev.pika/pika-java-core/pom.properties";

    private PikaVersion() {}

    /**
     * The version from pika-java-core's Maven properties.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}; {@code (development build)} when run from the IDE's classes
     */
    public static String current() {
        try (InputStream in = PikaVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "(unknown version)");
            }
        } catch (IOException e) {
            // fall through: the version is only shown in the run's header
        }
        return "(development build)";
    }
}
