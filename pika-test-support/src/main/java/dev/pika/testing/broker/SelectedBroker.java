package dev.pika.testing.broker;

import java.util.List;
import java.util.Objects;

/**
 * The broker chosen for this JVM's integration tests, and why.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint where it answers and what it is
 * @param description how the run line names it, e.g. {@code "embedded Qpid Broker-J 9.2.1 on 127.0.0.1:40123"}
 * @param reasons why earlier options were skipped, or that the choice was forced, in order
 * @param started the broker the harness started, to stop at exit; {@code null} when it was already running
 */
public record SelectedBroker(BrokerEndpoint endpoint, String description, List<String> reasons, StartedBroker started) {

    /** The prefix of every line the harness prints. */
    public static final String LINE_PREFIX = "[pika-test] ";

    /** Checks and copies the arguments. */
    public SelectedBroker {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(description, "description must not be null");
        reasons = List.copyOf(reasons);
    }

    /**
     * The one line the run prints, e.g. {@code [pika-test] broker: embedded Qpid Broker-J 9.2.1 on
     * 127.0.0.1:40123 (PIKA_TEST_URI unset; localhost:5672 refused connection; Docker not available)}.
     */
    public String line() {
        return LINE_PREFIX + "broker: " + description
                + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")");
    }
}
