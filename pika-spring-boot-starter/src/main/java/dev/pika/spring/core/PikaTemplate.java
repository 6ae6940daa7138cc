package dev.pika.spring.core;

import dev.pika.BasicProperties;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpException;
import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionListener;
import dev.pika.spring.connection.PikaLifecyclePhases;
import dev.pika.spring.converter.MessageConverter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes messages from any application thread: Pika's {@code basic_publish} behind a thread-safe,
 * future-returning API, the starter's counterpart of Spring AMQP's {@code RabbitTemplate}.
 *
 * <pre>{@code
 * template.convertAndSend("orders", "order.created", order)          // JSON when Jackson is present
 *         .whenComplete((ok, error) -> { ... });                     // confirmed by the broker, or why not
 * template.sendAndWait("", "audit", bytes, null, Duration.ofSeconds(5)); // blocks until confirmed
 * }</pre>
 *
 * <p><b>How a send travels.</b> {@code send} checks that the template runs and the connection is open
 * (else it fails at once: {@link PublisherStoppedException}, {@link ConnectionUnavailableException}),
 * then hands the message to the connection's I/O thread with {@code addCallbackThreadsafe}: no lock, no
 * blocking, no thread hand-off beyond that queue. On the I/O thread the message is published on the
 * template's own channel, opened on first use and again after a channel or connection loss.
 *
 * <p><b>What the future means.</b> With confirms ({@code pika.publisher.confirms=true}, the default) the
 * channel is in confirm mode and the future completes when the broker acks the message. It fails with
 * {@link dev.pika.exceptions.NackException} when the broker nacks it, {@link
 * dev.pika.exceptions.UnroutableException} when mandatory ({@code pika.publisher.mandatory}) and
 * unroutable, {@link ConfirmTimeoutException} after {@code pika.publisher.confirm-timeout}, the channel's
 * or connection's close reason when either is lost first (a {@code ChannelClosedByBrokerException}, a
 * {@code StreamLostException}...), {@link dev.pika.io.WriteBufferFullException} when the connection's
 * outbound buffer is at its hard limit, and {@link PublisherStoppedException} at shutdown. A future is
 * never left pending. Without confirms, the future completes once the message's frames are in the
 * connection's outbound buffer (written to the socket at the end of that loop turn): it says the
 * message left the application, not that the broker has it. Futures complete on the I/O thread: make
 * dependent stages {@code ...Async} if they block.
 *
 * <p><b>While the connection is down</b> (recovering), sends fail fast with {@link
 * ConnectionUnavailableException} rather than queueing without bound; retry them when a {@code
 * PikaConnectionRecoveredEvent} arrives, or wrap the send in a Spring Retry {@code RetryTemplate}.
 *
 * <p><b>One channel.</b> All sends share one channel, so a send that makes the broker close it (an
 * exchange that does not exist: 404) also fails the sends still unconfirmed on it, with the same
 * reason; the next sends go on a new channel.
 *
 * <p><b>Interceptors.</b> {@link PublishInterceptor}s added with {@link
 * #addPublishInterceptor(PublishInterceptor)} wrap every send, in the order added, on the sending
 * thread: the starter's publish observation (trace headers) and publish-confirm timer are two.
 *
 * <p><b>Shutdown.</b> A {@link SmartLifecycle} in phase {@link PikaLifecyclePhases#TEMPLATE} (after the
 * listener containers, before the connection): {@link #stop()} refuses new sends, waits up to {@code
 * pika.publisher.shutdown-timeout} for the sends in flight, fails the rest with {@link
 * PublisherStoppedException} and closes the channel.
 *
 * <p>Thread-safe: every public method may be called from any thread.
 */
public class PikaTemplate implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(PikaTemplate.class);

    private final PikaConnection connection;
    private final MessageConverter messageConverter;
    private final PublisherOptions options;
    private final PublishingChannel publishing;
    private final AtomicLong outstanding = new AtomicLong();
    private final PikaConnectionListener listener = new PikaConnectionListener() {
        @Override
        public void onOpened(PikaConnection source, Connection amqpConnection, boolean recovered) {
            publishing.prepare(amqpConnection);
        }
    };

    private final List<MessagePostProcessor> beforePublish = new CopyOnWriteArrayList<>();
    private volatile PublishInterceptor[] interceptors = new PublishInterceptor[0];
    private volatile boolean accepting = true;
    private volatile boolean running;
    private volatile CompletableFuture<Void> drained;

    /**
     * Creates a template.
     *
     * @param connection the connection to publish on
     * @param messageConverter converts the payloads of {@code convertAndSend}
     * @param options confirms, mandatory and timeouts
     */
    public PikaTemplate(PikaConnection connection, MessageConverter messageConverter, PublisherOptions options) {
        this.connection = Objects.requireNonNull(connection, "connection must not be null");
        this.messageConverter = Objects.requireNonNull(messageConverter, "messageConverter must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.publishing = new PublishingChannel(connection, options, this::settled);
    }

    /**
     * The converter of {@code convertAndSend}.
     *
     * @return the converter
     */
    public MessageConverter getMessageConverter() {
        return messageConverter;
    }

    /**
     * The publisher options.
     *
     * @return the options
     */
    public PublisherOptions getOptions() {
        return options;
    }

    /**
     * The connection the template publishes on.
     *
     * @return the connection
     */
    public PikaConnection getConnection() {
        return connection;
    }

    /**
     * Adds a post-processor applied to every message sent with {@link #send(String, String, Message)}
     * or {@code convertAndSend} (after the call's own post-processor), in the order added: stamp an
     * application id, propagate a trace header...
     *
     * @param postProcessor the post-processor
     */
    public void addBeforePublishPostProcessor(MessagePostProcessor postProcessor) {
        beforePublish.add(Objects.requireNonNull(postProcessor, "postProcessor must not be null"));
    }

    /**
     * Adds an interceptor around every send (observations, metrics, headers), after those added before:
     * the first added sees the message first. Add interceptors before the template is used, typically
     * from a {@code PikaTemplateCustomizer}.
     *
     * @param interceptor the interceptor
     */
    public synchronized void addPublishInterceptor(PublishInterceptor interceptor) {
        Objects.requireNonNull(interceptor, "interceptor must not be null");
        PublishInterceptor[] current = interceptors;
        PublishInterceptor[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = interceptor;
        interceptors = next;
    }

    /**
     * The interceptors, in the order they see a message.
     *
     * @return an immutable list
     */
    public List<PublishInterceptor> getPublishInterceptors() {
        return List.of(interceptors);
    }

    /**
     * How many sends are on their way (accepted, not yet confirmed or failed). Any thread.
     *
     * @return the count
     */
    public long getInFlightCount() {
        return outstanding.get();
    }

    // ------------------------------------------------------------------------------------------------
    // Sending

    /**
     * Sends a body without properties.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; must not change until the future completes
     * @return completed when the broker confirmed the message (see the class comment)
     */
    public CompletableFuture<Void> send(String exchange, String routingKey, byte[] body) {
        return send(exchange, routingKey, body, null);
    }

    /**
     * Sends a body with properties.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; must not change until the future completes
     * @param properties the properties, or {@code null}
     * @return completed when the broker confirmed the message (see the class comment)
     */
    public CompletableFuture<Void> send(String exchange, String routingKey, byte[] body, BasicProperties properties) {
        Objects.requireNonNull(exchange, "exchange must not be null (use \"\" for the default exchange)");
        Objects.requireNonNull(routingKey, "routingKey must not be null");
        Objects.requireNonNull(body, "body must not be null");
        PublishInterceptor[] chain = interceptors;
        if (chain.length == 0) {
            return publish(exchange, routingKey, body, properties);
        }
        return proceed(
                chain,
                0,
                new PublishRequest(connection.name(), exchange, routingKey, body, properties, options.confirms()));
    }

    private CompletableFuture<Void> proceed(PublishInterceptor[] chain, int index, PublishRequest request) {
        if (index == chain.length) {
            return publish(request.exchange(), request.routingKey(), request.body(), request.properties());
        }
        PublishInterceptor interceptor = chain[index];
        try {
            return Objects.requireNonNull(
                    interceptor.intercept(request, next -> proceed(chain, index + 1, next)),
                    "PublishInterceptor " + interceptor + " returned null");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> publish(
            String exchange, String routingKey, byte[] body, BasicProperties properties) {
        PendingSend send = new PendingSend(exchange, routingKey, body, properties);
        outstanding.incrementAndGet();
        if (!accepting) {
            release();
            return CompletableFuture.failedFuture(
                    new PublisherStoppedException("PikaTemplate is stopping; the message was not sent"));
        }
        if (!connection.isOpen()) {
            release();
            return CompletableFuture.failedFuture(new ConnectionUnavailableException(
                    connection.name(), connection.state(), connection.snapshot().lastFailure()));
        }
        try {
            connection.execute(() -> publishing.publish(send));
        } catch (ConnectionUnavailableException e) {
            release();
            return CompletableFuture.failedFuture(e);
        }
        return send.result;
    }

    /**
     * Sends a message.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param message the message
     * @return completed when the broker confirmed the message
     */
    public CompletableFuture<Void> send(String exchange, String routingKey, Message message) {
        Objects.requireNonNull(message, "message must not be null");
        Message toSend = message;
        try {
            for (MessagePostProcessor postProcessor : beforePublish) {
                toSend = Objects.requireNonNull(
                        postProcessor.postProcess(toSend), "MessagePostProcessor " + postProcessor + " returned null");
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(exchange, routingKey, toSend.body(), toSend.properties());
    }

    /**
     * Converts an object with the {@link MessageConverter} (JSON, {@code text/plain}...) and sends it.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param payload the object
     * @return completed when the broker confirmed the message; failed with {@link
     *     dev.pika.spring.converter.MessageConversionException} when the object cannot be converted
     */
    public CompletableFuture<Void> convertAndSend(String exchange, String routingKey, Object payload) {
        return convertAndSend(exchange, routingKey, payload, null);
    }

    /**
     * Converts an object, lets {@code postProcessor} change the message (headers, correlation id...),
     * and sends it.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param payload the object
     * @param postProcessor changes the converted message, or {@code null}
     * @return completed when the broker confirmed the message
     */
    public CompletableFuture<Void> convertAndSend(
            String exchange, String routingKey, Object payload, MessagePostProcessor postProcessor) {
        Objects.requireNonNull(payload, "payload must not be null");
        Message message;
        try {
            message = messageConverter.toMessage(payload, null);
            if (postProcessor != null) {
                message = Objects.requireNonNull(
                        postProcessor.postProcess(message), "the MessagePostProcessor returned null");
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(exchange, routingKey, message);
    }

    /**
     * Sends and waits for the outcome: {@code send(...)} then blocks up to {@code timeout}.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param body the body
     * @param properties the properties, or {@code null}
     * @param timeout how long to wait
     * @throws AmqpException why the message was not confirmed ({@link ConfirmTimeoutException} when the
     *     wait ran out: the send may still complete later)
     */
    public void sendAndWait(
            String exchange, String routingKey, byte[] body, BasicProperties properties, Duration timeout) {
        await(send(exchange, routingKey, body, properties), exchange, routingKey, timeout);
    }

    /**
     * Converts, sends and waits for the outcome.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param payload the object
     * @param timeout how long to wait
     * @throws AmqpException why the message was not confirmed
     * @throws dev.pika.spring.converter.MessageConversionException when the object cannot be converted
     */
    public void convertSendAndWait(String exchange, String routingKey, Object payload, Duration timeout) {
        await(convertAndSend(exchange, routingKey, payload), exchange, routingKey, timeout);
    }

    private static void await(CompletableFuture<Void> future, String exchange, String routingKey, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ConfirmTimeoutException(exchange, routingKey, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmqpException(
                    "Interrupted while waiting for the confirm of a message to exchange '" + exchange + "'", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AmqpException(String.valueOf(cause.getMessage()), cause);
        }
    }

    private void settled(PendingSend send) {
        release();
    }

    private void release() {
        if (outstanding.decrementAndGet() == 0) {
            CompletableFuture<Void> waiting = drained;
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle

    /** Starts: opens the channel now if the connection is open (else on first use). */
    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        accepting = true;
        connection.addListener(listener);
        if (connection.isOpen()) {
            try {
                connection.execute(() -> {
                    try {
                        publishing.prepare(connection.amqpConnection());
                    } catch (ConnectionUnavailableException e) {
                        // opened on the next connection instead
                    }
                });
            } catch (ConnectionUnavailableException e) {
                LOG.debug("PikaTemplate starts while the connection is unavailable", e);
            }
        }
    }

    /**
     * Stops gracefully: refuses new sends, waits up to the shutdown timeout for the sends in flight,
     * fails the rest with {@link PublisherStoppedException}, closes the channel. Not from the I/O thread.
     */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        accepting = false;
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        drained = waiting;
        if (outstanding.get() == 0) {
            waiting.complete(null);
        }
        Duration timeout = options.shutdownTimeout();
        boolean complete = await(waiting, timeout);
        long left = outstanding.get();
        if (!complete && left > 0) {
            LOG.warn("PikaTemplate: " + left + " send(s) still unconfirmed after " + timeout
                    + " (pika.publisher.shutdown-timeout); failing them");
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        onLoop(() -> {
            publishing.failAllAndClose(
                    "PikaTemplate stopped: no confirm within pika.publisher.shutdown-timeout (" + timeout + ")");
            closed.complete(null);
        });
        await(closed, Duration.ofSeconds(5));
        connection.removeListener(listener);
    }

    private void onLoop(Runnable task) {
        try {
            connection.execute(task);
        } catch (ConnectionUnavailableException e) {
            LOG.debug("PikaTemplate: the connection is closed", e);
        }
    }

    private static boolean await(CompletableFuture<Void> future, Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PikaLifecyclePhases.TEMPLATE;
    }

    @Override
    public String toString() {
        return "PikaTemplate[connection=" + connection.name() + ", " + options + "]";
    }
}
