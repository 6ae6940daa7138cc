package dev.pika.testing.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Holds the one broker of this JVM: chosen on first use, announced once (one line on standard output and
 * in {@code target/pika-test-broker.txt}), and stopped at JVM exit when the harness started it. A failed
 * choice is remembered too, so every test fails fast with the same message instead of probing again.
 *
 * <p>Thread-safe: the first caller chooses, concurrent callers wait for it.
 */
public final class BrokerRegistry {

    private static final Object LOCK = new Object();
    private static SelectedBroker selected;
    private static BrokerUnavailableException failure;
    private static BrokerAdmin admin;

    private BrokerRegistry() {}

    /**
     * The broker of this JVM, choosing it on the first call.
     *
     * @throws BrokerUnavailableException when no broker could be had (the same exception on every call)
     */
    public static SelectedBroker current() {
        synchronized (LOCK) {
            if (selected != null) {
                return selected;
            }
            if (failure != null) {
                throw failure;
            }
            BrokerSettings settings = null;
            try {
                settings = BrokerSettings.fromSystem();
                selected = BrokerSelector.select(settings);
            } catch (IllegalArgumentException e) {
                failure = new BrokerUnavailableException("no broker: " + e.getMessage(), e);
                announce(SelectedBroker.LINE_PREFIX + failure.getMessage(), null);
                throw failure;
            } catch (BrokerUnavailableException e) {
                failure = e;
                announce(SelectedBroker.LINE_PREFIX + e.getMessage(), settings);
                throw failure;
            }
            admin = new BrokerAdmin(selected.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(BrokerRegistry::shutdown, "pika-test-broker-shutdown"));
            announce(selected.line(), settings);
            return selected;
        }
    }

    /** The administrative client of this JVM's broker (for clean-up), choosing the broker if needed. */
    public static BrokerAdmin admin() {
        current();
        synchronized (LOCK) {
            return admin;
        }
    }

    private static void announce(String line, BrokerSettings settings) {
        System.out.println(line);
        System.out.flush();
        Path dir = settings == null ? Path.of(BrokerSettings.DEFAULT_REPORT_DIR) : settings.reportDir();
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(BrokerSettings.REPORT_FILE_NAME),
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println(SelectedBroker.LINE_PREFIX + "could not write "
                    + dir.resolve(BrokerSettings.REPORT_FILE_NAME) + ": " + e);
        }
    }

    private static void shutdown() {
        SelectedBroker broker;
        BrokerAdmin toClose;
        synchronized (LOCK) {
            broker = selected;
            toClose = admin;
        }
        if (toClose != null) {
            toClose.close();
        }
        if (broker != null && broker.started() != null) {
            broker.started().stop();
        }
    }
}
