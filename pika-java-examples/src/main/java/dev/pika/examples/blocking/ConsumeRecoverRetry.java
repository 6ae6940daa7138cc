package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.OnMessageCallback;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.retry.support.RetryTemplate;

/**
 * Pika's connection recovery with a retry decorator (README: {@code @retry(pika.exceptions.AMQPConnectionError,
 * delay=5, jitter=(1, 3))} on a {@code consume()} function), with spring-retry's {@link RetryTemplate} as the policy:
 * every {@link AmqpConnectionException} (a lost stream, a refused connection, a heartbeat timeout...) runs {@code
 * consume()} again after a pause that starts at 5 s and grows by 1 to 3 s each time ({@link JitterBackOffPolicy}), for
 * a limited number of attempts; a connection the broker closed ({@link ConnectionClosedByBrokerException}) is not
 * recovered, and channel errors propagate.
 *
 * <pre>{@code
 * RetryTemplate retry = RetryTemplate.builder()
 *         .maxAttempts(10)
 *         .retryOn(AmqpConnectionException.class)
 *         .customBackoff(new JitterBackOffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3)))
 *         .build();
 * retry.execute(context -> consume());
 * }</pre>
 *
 * <p>The core never depends on Spring: only this example module does. Threading: {@link #run()} runs on the caller's
 * thread; {@link #stop()} and the getters are safe from any thread.
 */
public final class ConsumeRecoverRetry {

    /** Why {@link #run()} returned (it throws when the attempts are exhausted or on a channel error). */
    public enum Outcome {
        /** The broker closed the connection: not recovered. */
        CLOSED_BY_BROKER,
        /** {@link #stop()} was called. */
        STOPPED
    }

    /**
     * The retry policy.
     *
     * @param delay the first pause before a new attempt (Pika: 5 s)
     * @param minJitter the least each pause grows by (Pika: 1 s)
     * @param maxJitter the most each pause grows by (Pika: 3 s)
     * @param maxAttempts how many times {@code consume()} runs at most, the first included
     */
    public record Policy(Duration delay, Duration minJitter, Duration maxJitter, int maxAttempts) {

        /**
         * Checks the policy.
         *
         * @throws IllegalArgumentException when {@code maxAttempts} is not positive
         */
        public Policy {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(minJitter, "minJitter");
            Objects.requireNonNull(maxJitter, "maxJitter");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
        }

        /**
         * Pika's example: 5 s, growing by 1 to 3 s; limited here to 10 attempts.
         *
         * @return the policy
         */
        public static Policy pikaExample() {
            return new Policy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3), 10);
        }

        /**
         * The spring-retry template of this policy.
         *
         * @return a template retrying on {@link AmqpConnectionException}
         */
        public RetryTemplate retryTemplate() {
            return RetryTemplate.builder()
                    .maxAttempts(maxAttempts)
                    .retryOn(AmqpConnectionException.class)
                    .customBackoff(new JitterBackOffPolicy(delay, minJitter, maxJitter))
                    .build();
        }
    }

    private final List<ConnectionParameters> parameters;
    private final String queue;
    private final OnMessageCallback<BlockingChannel> onMessage;
    private final RetryTemplate retry;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean stopRequested;
    private volatile BlockingConnection connection;
    private volatile BlockingChannel channel;

    /**
     * @param parameters the connection parameters (several for failover)
     * @param queue the queue to declare and consume
     * @param onMessage the message callback; it acknowledges
     * @param policy the retry policy
     */
    public ConsumeRecoverRetry(
            List<ConnectionParameters> parameters,
            String queue,
            OnMessageCallback<BlockingChannel> onMessage,
            Policy policy) {
        this.parameters = List.copyOf(parameters);
        this.queue = Objects.requireNonNull(queue, "queue");
        this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
        this.retry = Objects.requireNonNull(policy, "policy").retryTemplate();
    }

    /**
     * Consumes until {@link #stop()} or the broker closes the connection, retrying {@code consume()} on connection
     * errors as the policy says.
     *
     * @return why it returned
     * @throws AmqpConnectionException the last connection error when the attempts are exhausted
     * @throws dev.pika.exceptions.AmqpChannelException on a channel error (not retried)
     */
    public Outcome run() {
        return retry.execute(context -> consume());
    }

    /** Pika's {@code consume()}: one connection's life. */
    private Outcome consume() {
        attempts.incrementAndGet();
        if (stopRequested) {
            return Outcome.STOPPED;
        }
        try (BlockingConnection opened = new BlockingConnection(parameters)) {
            connection = opened;
            BlockingChannel consuming = opened.channel();
            consuming.queueDeclare(queue);
            consuming.basicConsume(queue, onMessage);
            channel = consuming;
            if (!stopRequested) {
                consuming.startConsuming();
            }
            return Outcome.STOPPED;
        } catch (ConnectionClosedByBrokerException e) {
            return Outcome.CLOSED_BY_BROKER; // don't recover connections closed by the broker
        } finally {
            connection = null;
            channel = null;
        }
    }

    /** Stops consuming (any thread): the consumer is cancelled on the connection's application thread. */
    public void stop() {
        stopRequested = true;
        BlockingConnection current = connection;
        BlockingChannel consuming = channel;
        if (current != null && consuming != null && current.isOpen()) {
            try {
                current.addCallbackThreadsafe(consuming::stopConsuming);
            } catch (AmqpConnectionException e) {
                // closed meanwhile: the next attempt sees the flag
            }
        }
    }

    /**
     * How many times {@code consume()} ran so far.
     *
     * @return the count
     */
    public int attempts() {
        return attempts.get();
    }

    /**
     * Consumes queue {@code test}, printing and acknowledging each message, with Pika's retry policy.
     *
     * @param args the broker's AMQP URL (default {@code amqp://guest:guest@localhost:5672/%2F})
     */
    public static void main(String[] args) {
        ConsumeRecoverRetry consumer = new ConsumeRecoverRetry(
                List.of(Examples.parameters(args)),
                "test",
                (ch, method, properties, body) -> {
                    System.out.println("Received " + new String(body, StandardCharsets.UTF_8));
                    ch.basicAck(method.deliveryTag());
                },
                Policy.pikaExample());
        Examples.stopOnShutdown(consumer::stop);
        System.out.println("Stopped: " + consumer.run());
    }
}
