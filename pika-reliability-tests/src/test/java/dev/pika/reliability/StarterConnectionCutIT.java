package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaTemplateAutoConfiguration;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link ConnectionCutIT}'s 100 cuts for the Spring Boot starter: {@link PikaTemplate} sends with publisher confirms
 * (its futures settle every send: confirmed, or failed back typed and republished) and a manual-ack consumer on a
 * second connection of the {@link PikaConnectionFactory}, resubscribing in {@code onOpened} after each recovery; the
 * starter's own recovery (20 ms initial interval here) reconnects both. Lost = 0, nothing unresolved, duplicates
 * redelivered or republished; once the application context is closed, no {@code pika-} thread is left.
 *
 * <p>{@code -Dpika.reliability.cut.starterMessages} (default 30,000).
 */
@PikaIntegrationTest
class StarterConnectionCutIT {

    static final long MESSAGES = Long.getLong("pika.reliability.cut.starterMessages", 30_000);

    private static final Duration PER_CUT = Duration.ofSeconds(60);

    TestBroker broker;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void pikaTemplateAndAManualConsumerLoseNothingAcrossOneHundredCuts() throws Exception {
        String queue = broker.name("cut-starter");
        try (Connection admin = broker.amqpClientConnectionFactory().newConnection()) {
            admin.createChannel().queueDeclare(queue, false, false, false, null);
        }
        FaultRun run = new FaultRun(MESSAGES);
        Set<String> threadsBefore = PikaThreads.live();
        long seed = System.nanoTime();
        AtomicInteger connectionsCut = new AtomicInteger();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            PikaAutoConfiguration.class,
                            PikaConnectionAutoConfiguration.class,
                            PikaTemplateAutoConfiguration.class))
                    .withPropertyValues(
                            "pika.host=" + proxy.host(),
                            "pika.port=" + proxy.port(),
                            "pika.username=" + broker.username(),
                            "pika.password=" + broker.password(),
                            "pika.virtual-host=" + broker.virtualHost(),
                            "pika.connection-name=" + broker.name("starter"),
                            "pika.publisher.confirms=true",
                            "pika.recovery.initial-interval=20ms",
                            "pika.recovery.max-interval=500ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        PikaConnectionFactory factory = context.getBean(PikaConnectionFactory.class);
                        StarterConsumer consumer =
                                new StarterConsumer(factory, "consumer", queue, run.ledger, run.clock);
                        StarterPublisher publisher = new StarterPublisher(
                                factory,
                                context.getBean(PikaTemplate.class),
                                queue,
                                run.ledger,
                                run.ids,
                                run.failures,
                                run.clock);
                        FaultDriver.Result result;
                        try {
                            FaultDriver driver = run.driver(List.of(publisher, consumer), ConnectionCutIT.CUTS, seed);
                            publisher.start();
                            FaultDriver.Fault cut = FaultDriver.cutAll(proxy);
                            result = driver.run(
                                    random -> {
                                        connectionsCut.addAndGet(
                                                proxy.openConnections().size());
                                        return cut.inject(random);
                                    },
                                    PER_CUT);
                            run.awaitEverythingConsumed(() -> readyMessages(queue));
                        } finally {
                            publisher.close();
                            consumer.close();
                        }
                        run.verifyAndReport("connection cut, PikaTemplate + starter consumer", result, seed, true);
                        assertThat(result.faults()).isEqualTo(ConnectionCutIT.CUTS);
                        assertThat(connectionsCut.get())
                                .as("every cut hit the template's and the consumer's connections")
                                .isGreaterThanOrEqualTo(2 * ConnectionCutIT.CUTS);
                    });
        }
        // the context is closed: the starter's connections ended their I/O and recovery threads
        PikaThreads.awaitNoneBut(threadsBefore, Waits.CLOSE_TIMEOUT);
    }

    private long readyMessages(String queue) {
        try (Connection admin = broker.amqpClientConnectionFactory().newConnection()) {
            return admin.createChannel().queueDeclarePassive(queue).getMessageCount();
        } catch (Exception e) {
            throw new AssertionError("cannot read the message count of " + queue, e);
        }
    }
}
