package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import org.junit.jupiter.api.Test;

/** The README's BlockingConnection quick start works as shown. */
@PikaIntegrationTest
class QuickStartIT {

    @Test
    void theQuickStartPublishesAndConsumesBothWays(TestBroker broker) {
        ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("quick-start"))
                .build();
        assertThat(QuickStart.run(params, broker.name("hello"))).containsExactly("Hello World!", "Hello again!");
    }
}
