package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spec.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection-level events and requests on a scripted peer: blocked/unblocked callbacks, update-secret. */
class ConnectionCallbacksTest {

    private MiniBroker broker;
    private BlockingConnection connection;

    @BeforeEach
    void connect() {
        broker = MiniBroker.start();
        connection = new BlockingConnection(broker.parameters());
    }

    @AfterEach
    void close() {
        connection.close();
        broker.close();
    }

    @Test
    void blockedAndUnblockedCallbacksRunOnTheApplicationThreadWhenDispatched() {
        List<String> seen = new ArrayList<>();
        Thread application = Thread.currentThread();
        connection.addOnConnectionBlockedCallback((blocked, method) -> {
            assertThat(blocked).isSameAs(connection);
            assertThat(Thread.currentThread()).isSameAs(application);
            seen.add("blocked: " + method.reason());
        });
        connection.addOnConnectionUnblockedCallback((unblocked, method) -> seen.add("unblocked"));
        broker.session().send(0, new Connection.Blocked("low on memory"));
        broker.session().send(0, Connection.Unblocked.INSTANCE);
        Await.until("both arrive", () -> {
            connection.processDataEvents(Duration.ofMillis(50));
            return seen.size() == 2;
        });
        assertThat(seen).containsExactly("blocked: low on memory", "unblocked");
    }

    @Test
    void updateSecretReturnsTheBrokersAnswer() {
        assertThat(connection.updateSecret("new-token", "rotation")).isEqualTo(Connection.UpdateSecretOk.INSTANCE);
        Connection.UpdateSecret sent = broker.await(Connection.UpdateSecret.class, Await.DEFAULT);
        assertThat(sent.newSecret()).isEqualTo("new-token");
        assertThat(sent.reason()).isEqualTo("rotation");
    }
}
