package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.FaultProxy;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * An attempt tries every address of {@code pika.addresses} in order: with the first one refusing
 * connections, the connection opens on the second, at start-up and again after a loss.
 */
@PikaIntegrationTest
class FailoverIT {

    @Test
    void aRefusingFirstAddressIsSkipped(TestBroker broker) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String second = proxy.host() + ":" + proxy.port();
            StarterContexts.runner()
                    .withUserConfiguration(RecorderConfig.class)
                    .withPropertyValues(
                            "pika.addresses=127.0.0.1:" + closedPort + "," + second,
                            "pika.username=" + broker.username(),
                            "pika.password=" + broker.password(),
                            "pika.connection-name=" + broker.name("conn"),
                            "pika.recovery.initial-interval=100ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        ConnectionSnapshot opened = context.getBean(PikaConnectionFactory.class)
                                .getConnection()
                                .snapshot();
                        assertThat(opened.state()).isEqualTo(PikaConnectionState.OPEN);
                        assertThat(opened.address()).isEqualTo(second);
                        assertThat(opened.attempt()).isEqualTo(1);

                        proxy.cutAll(dev.pika.testing.proxy.CutMode.RESET);
                        context.getBean(EventRecorder.class)
                                .await(
                                        dev.pika.spring.connection.event.PikaConnectionRecoveredEvent.class,
                                        1,
                                        java.time.Duration.ofSeconds(30));
                        assertThat(context.getBean(PikaConnectionFactory.class)
                                        .getConnection()
                                        .snapshot()
                                        .address())
                                .isEqualTo(second);
                    });
        }
        assertThat(StarterContexts.starterThreads()).isEmpty();
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class RecorderConfig {
        @org.springframework.context.annotation.Bean
        EventRecorder eventRecorder() {
            return new EventRecorder();
        }
    }
}
