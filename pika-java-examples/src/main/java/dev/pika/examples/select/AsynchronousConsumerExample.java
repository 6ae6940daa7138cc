package dev.pika.examples.select;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.spec.Basic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pika's {@code asynchronous_consumer_example.py} in Java: a consumer that declares a topic exchange and a queue,
 * binds them, sets the prefetch to 1, consumes and acknowledges every message, all from {@code SelectConnection}
 * callbacks; when the connection or channel closes unexpectedly it reconnects, at once if it had been consuming,
 * otherwise after a delay growing by one second up to 30 s (Pika's {@code ReconnectingExampleConsumer}); a stop
 * request cancels the consumer and closes channel and connection cleanly.
 *
 * <pre>
 * mvn -q -pl pika-java-examples -am package -DskipTests
 * java -cp pika-java-core/target/classes:pika-java-examples/target/classes \
 *     dev.pika.examples.select.AsynchronousConsumerExample amqp://guest:guest@localhost:5672/%2F
 * </pre>
 *
 * <p>The steps are in {@code ExampleConsumer}, one instance per connection; this class is the reconnecting loop
 * around it. Threading: {@link #run} runs each connection's loop on the calling thread and returns when stopped; the
 * stop signal may complete on any thread.
 */
public final class AsynchronousConsumerExample {

    /** Where {@link #main} connects by default: localhost as guest, virtual host {@code /}. */
    public static final String DEFAULT_URL = "amqp://guest:guest@localhost:5672/%2F";

    private AsynchronousConsumerExample() {}

    /**
     * Consumes from Pika's {@code message}/{@code text} topology and prints each message until Ctrl-C.
     *
     * @param args the broker URL, or none for {@link #DEFAULT_URL}
     */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : DEFAULT_URL;
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.complete(null); // Ctrl-C: stop cleanly, as Pika's example does on KeyboardInterrupt
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        run(url, ExampleTopology.DEFAULT, stop, new ConsumerListener() {
            @Override
            public void onMessage(Basic.Deliver deliver, BasicProperties properties, byte[] body) {
                System.out.printf(
                        "Received message # %d from %s: %s%n",
                        deliver.deliveryTag(), properties.appId(), new String(body, StandardCharsets.UTF_8));
            }
        });
        stopped.countDown();
    }

    /**
     * Runs the reconnecting consumer on the calling thread until {@code stopSignal} completes.
     *
     * @param url the broker URL ({@code amqp://user:password@host:port/vhost?heartbeat=...}, Pika's query names)
     * @param topology the exchange, queue and routing key to consume from
     * @param stopSignal completing it (normally or not, on any thread) stops the consumer cleanly
     * @param listener observes progress; see {@link ConsumerListener}
     */
    public static void run(
            String url, ExampleTopology topology, CompletionStage<?> stopSignal, ConsumerListener listener) {
        ConnectionParameters parameters = ConnectionParameters.fromUrl(url);
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<?> stop = stopSignal.toCompletableFuture();
        AtomicReference<ExampleConsumer> current = new AtomicReference<>();
        stop.whenComplete((ignored, error) -> {
            ExampleConsumer consumer = current.get();
            if (consumer != null) {
                consumer.requestStop();
            }
        });
        ReconnectDelay delays = new ReconnectDelay();
        int connectionNumber = 0;
        while (!stop.isDone()) {
            ExampleConsumer consumer = new ExampleConsumer(parameters, topology, listener, ++connectionNumber);
            current.set(consumer);
            if (stop.isDone()) {
                break; // the stop signal came before the consumer was published
            }
            consumer.run();
            if (!consumer.shouldReconnect() || stop.isDone()) {
                break;
            }
            Duration delay = delays.next(consumer.wasConsuming());
            listener.onReconnecting(delay);
            awaitStopOrTimeout(stop, delay);
        }
        listener.onStopped();
    }

    /** Pika sleeps between connections; here a stop request ends the wait early. */
    private static void awaitStopOrTimeout(CompletableFuture<?> stop, Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            stop.get(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException expected) {
            // the delay is over, or the stop signal failed (which also means stop)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.cancel(false);
        }
    }
}
