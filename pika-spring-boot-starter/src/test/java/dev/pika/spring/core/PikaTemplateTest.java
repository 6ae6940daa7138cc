package dev.pika.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionListener;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.converter.MessageConversionException;
import dev.pika.spring.converter.SimpleMessageConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The template's refusals and failure paths, on a scripted {@link PikaConnection} that runs loop tasks
 * inline and has no core connection: nothing is ever left pending.
 */
class PikaTemplateTest {

    private final FakeConnection connection = new FakeConnection();
    private final PikaTemplate template =
            new PikaTemplate(connection, new SimpleMessageConverter(), PublisherOptions.defaults());

    @Test
    void whileTheConnectionIsDownSendsFailFastWithTheState() {
        connection.state = PikaConnectionState.RECOVERING;

        CompletableFuture<Void> send = template.send("", "q", new byte[] {1});

        assertThat(send)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ConnectionUnavailableException.class,
                        e -> assertThat(e.state()).isEqualTo(PikaConnectionState.RECOVERING));
        assertThat(connection.executed).isEmpty();
        assertThat(template.getInFlightCount()).isZero();
    }

    @Test
    void aSendThatFindsNoCoreConnectionOnTheLoopFailsTyped() {
        CompletableFuture<Void> send = template.send("", "q", new byte[] {1});

        assertThat(connection.executed).hasSize(1);
        assertThat(send)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectionUnavailableException.class);
        assertThat(template.getInFlightCount()).isZero();
    }

    @Test
    void afterStopSendsAreRefused() {
        template.start();
        template.stop();

        assertThat(template.send("", "q", new byte[] {1}))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(PublisherStoppedException.class);
        assertThat(template.isRunning()).isFalse();
        assertThat(connection.listeners).isEmpty();
    }

    @Test
    void sendAndWaitThrowsTheTypedFailure() {
        connection.state = PikaConnectionState.FAILED;

        assertThatThrownBy(() -> template.sendAndWait("", "q", new byte[0], null, Duration.ofSeconds(1)))
                .isInstanceOf(ConnectionUnavailableException.class);
    }

    @Test
    void aConversionFailureFailsTheFutureInsteadOfThrowing() {
        assertThat(template.convertAndSend("", "q", new Object()))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(MessageConversionException.class);
        assertThatThrownBy(() -> template.convertSendAndWait("", "q", new Object(), Duration.ofSeconds(1)))
                .isInstanceOf(MessageConversionException.class);
    }

    @Test
    void postProcessorsRunInOrderBeforeTheSend() {
        connection.state = PikaConnectionState.FAILED;
        List<String> seen = new ArrayList<>();
        template.addBeforePublishPostProcessor(message -> {
            seen.add("global:" + message.properties().correlationId());
            return message.withProperties(
                    message.properties().toBuilder().appId("app").build());
        });

        template.convertAndSend("", "q", "hi", message -> {
            seen.add("call");
            return message.withProperties(
                    message.properties().toBuilder().correlationId("c").build());
        });

        assertThat(seen).containsExactly("call", "global:c");
    }

    @Test
    void interceptorsWrapEverySendInOrderAndMayChangeTheProperties() {
        List<String> seen = new ArrayList<>();
        List<PublishRequest> published = new ArrayList<>();
        template.addPublishInterceptor((request, next) -> {
            seen.add("outer:" + request.connectionName() + ":" + request.exchange() + ":" + request.routingKey());
            BasicProperties traced =
                    BasicProperties.builder().header("traceparent", "t-1").build();
            return next.publish(request.withProperties(traced)).whenComplete((ok, error) -> seen.add("outer:done"));
        });
        template.addPublishInterceptor((request, next) -> {
            seen.add("inner:" + request.properties().headers().get("traceparent") + ":" + request.confirms());
            published.add(request);
            return next.publish(request);
        });

        CompletableFuture<Void> send = template.send("ex", "rk", new byte[] {1});

        assertThat(send)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectionUnavailableException.class);
        assertThat(seen).containsExactly("outer:fake:ex:rk", "inner:t-1:true", "outer:done");
        assertThat(connection.executed).as("the message reached the loop once").hasSize(1);
        assertThat(template.getPublishInterceptors()).hasSize(2);
        assertThat(template.getInFlightCount()).isZero();
    }

    @Test
    void anInterceptorThatThrowsFailsTheSendInsteadOfThrowing() {
        template.addPublishInterceptor((request, next) -> {
            throw new IllegalStateException("broken interceptor");
        });

        CompletableFuture<Void> send = template.send("", "q", new byte[] {1});

        assertThat(send)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class)
                .withMessageContaining("broken interceptor");
        assertThat(connection.executed).as("nothing was published").isEmpty();
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> template.send(null, "q", new byte[0])).hasMessageContaining("default exchange");
        assertThatThrownBy(() -> template.send("", "q", (byte[]) null)).hasMessageContaining("body");
        assertThatThrownBy(() -> template.send("", "q", (Message) null)).hasMessageContaining("message");
    }

    /** Open unless told otherwise; runs loop tasks inline; has no core connection. */
    private static final class FakeConnection implements PikaConnection {
        volatile PikaConnectionState state = PikaConnectionState.OPEN;
        final List<Runnable> executed = new ArrayList<>();
        final List<PikaConnectionListener> listeners = new ArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public boolean isOpen() {
            return state == PikaConnectionState.OPEN;
        }

        @Override
        public PikaConnectionState state() {
            return state;
        }

        @Override
        public ConnectionSnapshot snapshot() {
            return new ConnectionSnapshot(
                    "fake", state, null, Map.of(), Duration.ZERO, false, null, null, 0, 0, null, Instant.now());
        }

        @Override
        public CompletableFuture<Channel> openChannel() {
            return CompletableFuture.failedFuture(new ConnectionUnavailableException("fake", state, null));
        }

        @Override
        public void execute(Runnable task) {
            executed.add(task);
            task.run();
        }

        @Override
        public boolean isInLoopThread() {
            return false;
        }

        @Override
        public Connection amqpConnection() {
            throw new ConnectionUnavailableException("fake", PikaConnectionState.RECOVERING, null);
        }

        @Override
        public void addListener(PikaConnectionListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(PikaConnectionListener listener) {
            listeners.remove(listener);
        }
    }
}
