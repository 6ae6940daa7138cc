package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.spring.autoconfigure.diagnostics.ConnectionFailedFailureAnalyzer;
import dev.pika.spring.connection.ConnectionFailedException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.FaultProxy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Issue 6: wrong credentials make no retry storm. The connection goes through a proxy that counts
 * connection attempts: exactly one, the start-up fails saying authentication failed, and no recovery
 * thread is left that could try again.
 */
@PikaIntegrationTest
class WrongCredentialsIT {

    @Test
    void wrongCredentialsFailTheStartWithOneAttempt(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String uri =
                    "amqp://" + broker.username() + ":wrong-password@" + proxy.host() + ":" + proxy.port() + "/%2F";
            StarterContexts.runner()
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "pika.connection-name=" + broker.name("conn"),
                            "pika.recovery.initial-interval=50ms",
                            "pika.recovery.max-attempts=0")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        Throwable failure = context.getStartupFailure();
                        ConnectionFailedException connectionFailed =
                                findCause(failure, ConnectionFailedException.class);
                        assertThat(connectionFailed).isNotNull();
                        assertThat(connectionFailed.attempts()).isEqualTo(1);
                        assertThat(connectionFailed.getCause())
                                .isInstanceOfAny(AuthenticationException.class, ProbableAuthenticationException.class);

                        FailureAnalysis analysis = new ConnectionFailedFailureAnalyzer().analyze(failure);
                        assertThat(analysis.getAction()).contains("refused the credentials", "pika.password");
                        assertThat(analysis.getDescription()).doesNotContain("wrong-password");
                    });
            assertThat(StarterContexts.starterThreads())
                    .as("no recovery thread that could try again")
                    .isEmpty();
            assertThat(proxy.connectionsAccepted()).as("connection attempts").isEqualTo(1);
        }
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
