package dev.pika.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * What the extension does to tests: injection, unique names, clean-up after each test, and skipping of
 * RabbitMQ-only tests on other brokers. Sample test classes run inside these tests via the JUnit
 * Platform test kit; they are not run on their own (they are not named *IT).
 */
@PikaIntegrationTest
class BrokerExtensionIT {

    /** Names the sample tests declared, for the outer test to check afterwards. */
    static final List<String> DECLARED = new CopyOnWriteArrayList<>();

    static TestBroker staticBroker;

    TestBroker fieldBroker;

    @BeforeAll
    static void beforeAll(TestBroker broker) {
        assertThat(broker.name("class-scoped")).startsWith("pika-it.BrokerExtensionIT.class-scoped.");
    }

    @Test
    void injectsParametersAndBothKindsOfFields(TestBroker broker) {
        assertThat(staticBroker).isNotNull();
        assertThat(fieldBroker).isNotNull();
        assertThat(fieldBroker.uri()).isEqualTo(broker.uri()).isEqualTo(staticBroker.uri());
        assertThat(broker.name("q")).startsWith("pika-it.BrokerExtensionIT.injectsParametersAndBothKindsOfFields.q.");
        assertThat(broker.port()).isPositive();
        assertThat(broker.kind()).isEqualTo(broker.endpoint().kind());
        assertThat(broker.isRabbitMq()).isEqualTo(broker.kind() == BrokerKind.RABBITMQ);
    }

    @Test
    void queuesAndExchangesNamedByATestAreDeletedAfterIt(TestBroker broker) throws Exception {
        DECLARED.clear();

        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(DeclaresQueueAndExchange.class))
                .execute()
                .testEvents();

        events.assertThatEvents().haveExactly(1, event(test("declares"), finishedSuccessfully()));
        assertThat(DECLARED).hasSize(2);
        try (Connection connection = broker.amqpClientConnectionFactory().newConnection(broker.name("check"))) {
            for (String name : DECLARED) {
                assertThat(exists(connection, channel -> channel.queueDeclarePassive(name)))
                        .as("queue %s after the test", name)
                        .isFalse();
                assertThat(exists(connection, channel -> channel.exchangeDeclarePassive(name)))
                        .as("exchange %s after the test", name)
                        .isFalse();
            }
        }
    }

    @Test
    void rabbitMqOnlyTestsAreSkippedWithTheirReasonElsewhere(TestBroker broker) {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsRabbitMq.class))
                .execute()
                .testEvents();

        if (broker.isRabbitMq()) {
            events.assertThatEvents().haveExactly(1, event(test("onlyOnRabbitMq"), finishedSuccessfully()));
        } else {
            events.assertThatEvents()
                    .haveExactly(
                            1,
                            event(
                                    test("onlyOnRabbitMq"),
                                    skippedWithReason(reason -> reason.contains("requires RabbitMQ (uses x-max-length)")
                                            && reason.contains(broker.description()))));
        }
    }

    @Nested
    class NestedTests {
        @Test
        void nestedInstancesGetTheirFieldsToo(TestBroker broker) {
            assertThat(fieldBroker).isNotNull();
            assertThat(broker.name("n")).startsWith("pika-it.NestedTests.nestedInstancesGetTheirFieldsToo.n.");
        }
    }

    @FunctionalInterface
    private interface PassiveDeclare {
        void run(Channel channel) throws IOException;
    }

    /** Whether a passive declare succeeds (a 404 closes only the channel). */
    private static boolean exists(Connection connection, PassiveDeclare declare) throws Exception {
        Channel channel = connection.createChannel();
        try {
            declare.run(channel);
            channel.close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A sample test: declares a queue and an exchange under test-scoped names. */
    @PikaIntegrationTest
    static class DeclaresQueueAndExchange {
        @Test
        void declares(TestBroker broker) throws Exception {
            String queue = broker.name("queue");
            String exchange = broker.name("exchange");
            try (Connection connection = broker.amqpClientConnectionFactory().newConnection(broker.name("conn"));
                    Channel channel = connection.createChannel()) {
                channel.queueDeclare(queue, false, false, false, null);
                channel.exchangeDeclare(exchange, "fanout", false, false, null);
                channel.queueBind(queue, exchange, "");
            }
            DECLARED.add(queue);
            DECLARED.add(exchange);
        }
    }

    /** A sample test that needs RabbitMQ. */
    @PikaIntegrationTest
    static class NeedsRabbitMq {
        @Test
        @RequiresRabbitMq("uses x-max-length")
        void onlyOnRabbitMq(TestBroker broker) {
            assertThat(broker.isRabbitMq()).isTrue();
        }
    }
}
