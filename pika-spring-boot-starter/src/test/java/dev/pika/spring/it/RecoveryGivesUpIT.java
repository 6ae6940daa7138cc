package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.connection.event.PikaConnectionEvent;
import dev.pika.spring.connection.event.PikaConnectionFailedEvent;
import dev.pika.spring.connection.event.PikaConnectionLostEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveringEvent;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.AcceptMode;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code pika.recovery.max-attempts}, a broker that stays unreachable makes recovery give up after
 * exactly that many attempts: the events say so in order, the state is FAILED with the last failure,
 * and sends fail fast with the state.
 */
@PikaIntegrationTest
class RecoveryGivesUpIT {

    @Test
    void recoveryStopsAfterMaxAttemptsAndSaysWhy(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":"
                    + proxy.port() + "/%2F";
            StarterContexts.runner()
                    .withUserConfiguration(RecorderConfig.class)
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "pika.recovery.initial-interval=50ms",
                            "pika.recovery.max-interval=100ms",
                            "pika.recovery.max-attempts=3")
                    .run(context -> {
                        EventRecorder events = context.getBean(EventRecorder.class);
                        PikaConnection connection =
                                context.getBean(PikaConnectionFactory.class).getConnection();
                        assertThat(connection.isOpen()).isTrue();

                        proxy.acceptMode(AcceptMode.RESET);
                        proxy.cutAll(CutMode.RESET);

                        PikaConnectionFailedEvent failed =
                                events.await(PikaConnectionFailedEvent.class, 1, Duration.ofSeconds(30));
                        assertThat(failed.getAttempt()).isEqualTo(3);
                        assertThat(failed.getCause()).isNotNull();
                        List<Class<?>> kinds = events.events().stream()
                                .<Class<?>>map(PikaConnectionEvent::getClass)
                                .toList();
                        assertThat(kinds)
                                .containsSubsequence(
                                        PikaConnectionLostEvent.class,
                                        PikaConnectionRecoveringEvent.class,
                                        PikaConnectionRecoveringEvent.class,
                                        PikaConnectionRecoveringEvent.class,
                                        PikaConnectionFailedEvent.class);
                        assertThat(events.of(PikaConnectionRecoveringEvent.class))
                                .extracting(PikaConnectionEvent::getAttempt)
                                .containsExactly(1, 2, 3);
                        assertThat(proxy.connectionsAccepted())
                                .as("the first connection and 3 attempts")
                                .isEqualTo(4);
                        assertThat(connection.state()).isEqualTo(PikaConnectionState.FAILED);
                        assertThat(connection.snapshot().lastFailure()).isSameAs(failed.getCause());

                        assertThat(context.getBean(PikaTemplate.class).send("", "q", new byte[0]))
                                .failsWithin(Duration.ZERO)
                                .withThrowableOfType(ExecutionException.class)
                                .withCauseInstanceOf(ConnectionUnavailableException.class);
                    });
        }
        assertThat(StarterContexts.starterThreads()).isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    static class RecorderConfig {
        @Bean
        EventRecorder eventRecorder() {
            return new EventRecorder();
        }
    }
}
