package dev.pika.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the embedded broker and talks AMQP 0-9-1 to it with the RabbitMQ Java client. */
class EmbeddedBrokerIT {

    @BeforeAll
    static void createTheTemporaryDirectory() throws IOException {
        // Failsafe points java.io.tmpdir at a directory of this build (see the pom); it may not exist yet.
        Files.createDirectories(Paths.get(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void roundTripsAMessageWithConfirmsThenLeavesNoThreadOrFileBehind() throws Exception {
        Set<String> workDirectoriesBefore = workDirectories();
        EmbeddedBroker broker = EmbeddedBroker.builder().build().start();
        Path workDirectory = broker.workDirectory();
        try {
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.port()).isPositive();
            assertThat(broker.uri().toString()).isEqualTo("amqp://guest:guest@127.0.0.1:" + broker.port() + "/%2F");

            try (Connection connection = connect(broker.uri().toString());
                    Channel channel = connection.createChannel()) {
                // RabbitMQ's queue arguments are accepted (and ignored) rather than closing the connection.
                String queue = channel.queueDeclare(
                                "", false, true, true, Map.of("x-message-ttl", 60_000, "x-dead-letter-exchange", "dlx"))
                        .getQueue();
                channel.confirmSelect();
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .headers(Map.of("attempt", 1))
                        .build();
                channel.basicPublish("", queue, properties, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
                assertThat(channel.waitForConfirms(10_000)).isTrue();

                GetResponse response = channel.basicGet(queue, false);
                assertThat(response).isNotNull();
                assertThat(new String(response.getBody(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"id\":1}");
                assertThat(response.getProps().getContentType()).isEqualTo("application/json");
                assertThat(response.getProps().getHeaders()).containsEntry("attempt", 1);
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                assertThat(channel.messageCount(queue)).isZero();
            }
            assertThat(broker.threads().alive()).isNotEmpty();
            assertThat(workDirectory).isDirectory();
        } finally {
            broker.stop();
        }

        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.threads().alive()).as("broker threads after stop").isEmpty();
        assertThat(liveThreadsOfGroup("pika-embedded-broker")).isEmpty();
        assertThat(workDirectory).doesNotExist();
        assertThat(workDirectories()).isEqualTo(workDirectoriesBefore);
    }

    @Test
    void leavesStoppingToItsOwnerNotToAJvmShutdownHook() {
        // Qpid registers a hook that would stop the broker on SIGTERM while the application still closes
        // its connections through it; start() takes it out again.
        EmbeddedBroker broker = EmbeddedBroker.builder().build().start();
        try {
            Thread hook = broker.qpidShutdownHook();
            assertThat(hook).as("Qpid's shutdown hook, found and detached").isNotNull();
            assertThat(Runtime.getRuntime().removeShutdownHook(hook))
                    .as("still registered")
                    .isFalse();
        } finally {
            broker.stop();
        }
    }

    @Test
    void refusesConnectionsOnceStopped() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.builder().build().start();
        String uri = broker.uri().toString();
        connect(uri).close();

        broker.close();

        assertThatThrownBy(() -> connect(uri)).isInstanceOf(ConnectException.class);
    }

    @Test
    void servesItsOwnCredentialsAndVirtualHost() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder()
                .username("orders-app")
                .password("p@ss:w/rd")
                .virtualHost("orders")
                .build()
                .start()) {
            assertThat(broker.uri().toString()).endsWith("/orders").contains("orders-app:p%40ss%3Aw%2Frd@");

            try (Connection connection = connect(broker.uri().toString())) {
                assertThat(connection.isOpen()).isTrue();
            }
            ConnectionFactory wrongPassword = factory(broker.uri().toString());
            wrongPassword.setPassword("wrong");
            assertThatThrownBy(wrongPassword::newConnection).isInstanceOf(PossibleAuthenticationFailureException.class);
        }
    }

    @Test
    void restartsEmptyOnAFreshPort() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.builder().build().start();
        try {
            try (Connection connection = connect(broker.uri().toString());
                    Channel channel = connection.createChannel()) {
                channel.queueDeclare("pika-embedded-restart", false, false, false, null);
            }
            broker.stop();
            broker.start();

            try (Connection connection = connect(broker.uri().toString())) {
                // The failed passive declare closes the channel, so it is not closed again here.
                Channel channel = connection.createChannel();
                assertThatThrownBy(() -> channel.queueDeclarePassive("pika-embedded-restart"))
                        .isInstanceOf(IOException.class)
                        .hasStackTraceContaining("reply-code=404");
            }
        } finally {
            broker.stop();
        }
    }

    @Test
    void failsClearlyWhenThePortIsTakenAndCleansUp() throws Exception {
        Set<String> workDirectoriesBefore = workDirectories();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedBroker broker =
                    EmbeddedBroker.builder().port(taken.getLocalPort()).build();

            assertThatThrownBy(broker::start)
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessageContaining("could not start on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("Use port 0 for a free one");

            assertThat(broker.isRunning()).isFalse();
            assertThat(liveThreadsOfGroup("pika-embedded-broker")).isEmpty();
            assertThat(workDirectories()).isEqualTo(workDirectoriesBefore);
        }
    }

    private static Connection connect(String uri) throws Exception {
        return factory(uri).newConnection("pika-embedded-broker-it");
    }

    private static ConnectionFactory factory(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setConnectionTimeout((int) Duration.ofSeconds(5).toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    private static List<Thread> liveThreadsOfGroup(String groupName) throws InterruptedException {
        // Threads of a finished group may still be unwinding for a moment after stop() returned.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Thread> live;
        do {
            live = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .filter(thread -> thread.getThreadGroup() != null
                            && thread.getThreadGroup().getName().equals(groupName))
                    .collect(Collectors.toList());
            if (live.isEmpty()) {
                return live;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return live;
    }

    private static Set<String> workDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("pika-embedded-broker-"))
                    .collect(Collectors.toSet());
        }
    }
}
