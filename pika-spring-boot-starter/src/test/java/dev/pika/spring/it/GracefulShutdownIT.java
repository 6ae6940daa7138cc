package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.exceptions.AmqpException;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.PublisherStoppedException;
import dev.pika.spring.core.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 6: closing the application with sends in flight. The broker's confirms are delayed by a proxy;
 * within the shutdown timeout they are waited for, beyond it the rest fail with {@link
 * PublisherStoppedException}. Either way every future is done when the context has closed, the
 * connection closed cleanly and no thread is left.
 */
@PikaIntegrationTest
class GracefulShutdownIT {

    private static final int SENDS = 500;

    @Test
    void inFlightSendsAreConfirmedWithinTheShutdownTimeout(TestBroker broker) throws Exception {
        List<CompletableFuture<Void>> sends = closeWhileSending(broker, Duration.ofMillis(300), "5s");

        assertThat(sends).allSatisfy(send -> assertThat(send).isCompleted());
    }

    @Test
    void sendsStillUnconfirmedAtTheShutdownTimeoutFailTyped(TestBroker broker) throws Exception {
        List<CompletableFuture<Void>> sends = closeWhileSending(broker, Duration.ofSeconds(2), "200ms");

        assertThat(sends).allSatisfy(send -> assertThat(send).isDone());
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Void> send : sends) {
            if (send.isCompletedExceptionally()) {
                failures.add(send.handle((ok, error) -> error).join());
            }
        }
        assertThat(failures)
                .isNotEmpty()
                .allSatisfy(failure -> assertThat(failure).isInstanceOf(PublisherStoppedException.class));
    }

    private List<CompletableFuture<Void>> closeWhileSending(
            TestBroker broker, Duration confirmLatency, String shutdownTimeout) throws Exception {
        String queue = broker.name("shutdown");
        QueueConfig.name = queue;
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                SelectClient reader = new SelectClient(broker.uri())) {
            String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":"
                    + proxy.port() + "/%2F";
            StarterContexts.runner()
                    .withUserConfiguration(QueueConfig.class)
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "pika.connection-name=" + broker.name("conn"),
                            "pika.publisher.shutdown-timeout=" + shutdownTimeout)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        PikaTemplate template = context.getBean(PikaTemplate.class);
                        proxy.latency(Direction.TO_CLIENT, confirmLatency);
                        for (int i = 0; i < SENDS; i++) {
                            sends.add(template.send("", queue, ("m" + i).getBytes()));
                        }
                        assertThat(sends).anySatisfy(send -> assertThat(send).isNotDone());
                        context.getSourceApplicationContext().close();
                        assertThat(template.send("", queue, new byte[0]))
                                .failsWithin(Duration.ZERO)
                                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                                .withCauseInstanceOf(PublisherStoppedException.class);
                    });
            assertThat(StarterContexts.starterThreads())
                    .as("no starter thread left")
                    .isEmpty();
            long confirmed = sends.stream()
                    .filter(s -> s.isDone() && !s.isCompletedExceptionally())
                    .count();
            for (CompletableFuture<Void> send : sends) {
                send.exceptionally(error -> {
                    assertThat(error instanceof CompletionException ? error.getCause() : error)
                            .isInstanceOf(AmqpException.class);
                    return null;
                });
            }
            assertThat(reader.messageCount(queue)).as("confirmed <= received").isGreaterThanOrEqualTo(confirmed);
            reader.deleteQueue(queue);
        }
        return sends;
    }

    @Configuration(proxyBeanMethods = false)
    static class QueueConfig {
        static volatile String name;

        @Bean
        Queue shutdownQueue() {
            return Queue.nonDurable(name).build();
        }
    }
}
