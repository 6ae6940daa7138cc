package dev.pika.spring.core;

import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.spring.connection.ConnectionInitializer;
import dev.pika.spring.connection.PikaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Declares the application's topology and administers queues and exchanges: the starter's
 * counterpart of Spring AMQP's {@code RabbitAdmin}.
 *
 * <p><b>Automatic declarations.</b> As a {@link ConnectionInitializer}, it declares every {@link
 * Declarable} it knows each time a connection opens, the first time and after every recovery, before
 * the connection counts as open (so listeners never consume from a queue that is not there yet):
 * exchanges first, then queues, then bindings. It knows the {@code Queue}, {@code Exchange}, {@code
 * Binding} and {@code Declarables} beans of the application ({@link #setDeclarables}) and what was
 * declared through {@link #declare(Declarable)} (until deleted here). A refusal names the entity and
 * the broker's reply; at start-up, with fail-fast (the default, {@code pika.declarations.fail-fast}),
 * it fails the application's start with a {@link DeclarationException}; otherwise, and after a
 * recovery, it is logged as an error and the rest is declared anyway.
 *
 * <p><b>Programmatic use.</b> {@link #declare}, {@link #deleteQueue}, {@link #purgeQueue}, {@link
 * #getQueueInfo}... block the calling thread until the broker answers (at most the admin's timeout),
 * each on a short-lived channel of its own; they fail at once with {@code
 * ConnectionUnavailableException} when the connection is down. Do not call them on the connection's
 * I/O thread.
 *
 * <p>Thread-safe.
 */
public class PikaAdmin implements ConnectionInitializer {

    private static final Log LOG = LogFactory.getLog(PikaAdmin.class);

    /** Default of {@link #getTimeout()}: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final PikaConnection connection;
    private final boolean failFast;
    private final List<Declarable> beans = new CopyOnWriteArrayList<>();
    private final List<Declarable> declared = new CopyOnWriteArrayList<>();
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    /**
     * Creates the admin.
     *
     * @param connection the connection to administer through
     * @param failFast whether a refused declaration at start-up fails the start
     */
    public PikaAdmin(PikaConnection connection, boolean failFast) {
        this.connection = Objects.requireNonNull(connection, "connection must not be null");
        this.failFast = failFast;
    }

    /**
     * Sets the declarations made at every opening (the application's declaration beans).
     *
     * @param declarables the declarations
     */
    public void setDeclarables(Collection<? extends Declarable> declarables) {
        beans.clear();
        beans.addAll(Declarations.ordered(declarables));
    }

    /**
     * Sets how long the blocking methods wait for the broker.
     *
     * @param timeout positive
     */
    public void setTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * How long the blocking methods wait for the broker.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * What is declared at every opening: the beans, then the programmatic declarations.
     *
     * @return an immutable, ordered list
     */
    public List<Declarable> getDeclarables() {
        List<Declarable> all = new ArrayList<>(beans);
        all.addAll(declared);
        return List.copyOf(Declarations.ordered(all));
    }

    // ------------------------------------------------------------------------------------------------
    // ConnectionInitializer (I/O thread)

    @Override
    public CompletableFuture<Void> initialize(PikaConnection source, Connection amqpConnection, boolean recovery) {
        List<Declarable> all = getDeclarables();
        if (all.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return DeclarationRun.declare(amqpConnection, all).thenApply(failures -> {
            if (failures.isEmpty()) {
                LOG.debug("Declared " + all.size() + " entities on connection '" + source.name() + "'");
                return null;
            }
            if (failFast && !recovery) {
                DeclarationException first = failures.get(0);
                failures.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
            failures.forEach(failure -> LOG.error(failure.getMessage() + " (connection '" + source.name() + "')"));
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Programmatic administration (any thread but the I/O thread)

    /**
     * Declares a queue, an exchange or a binding now, and again after every recovery (until deleted
     * through this admin).
     *
     * @param declarable what to declare
     * @throws DeclarationException when the broker refuses it
     */
    public void declare(Declarable declarable) {
        Objects.requireNonNull(declarable, "declarable must not be null");
        call(declarable.describe(), channel -> Declarations.declare(channel, declarable, false));
        if (!declared.contains(declarable)) {
            declared.add(declarable);
        }
    }

    /**
     * Declares every entity of a group (see {@link #declare(Declarable)}).
     *
     * @param declarables the group
     */
    public void declare(Declarables declarables) {
        Declarations.ordered(declarables.declarables()).forEach(this::declare);
    }

    /**
     * Looks a queue up (a passive declare).
     *
     * @param queueName the queue
     * @return its message and consumer counts, or empty when it does not exist
     */
    public Optional<QueueInfo> getQueueInfo(String queueName) {
        Objects.requireNonNull(queueName, "queueName must not be null");
        try {
            dev.pika.spec.Queue.DeclareOk ok = call(
                    "queue '" + queueName + "'",
                    channel -> channel.queueDeclare(queueName, true, false, false, false, null));
            return Optional.of(new QueueInfo(ok.queue(), ok.messageCount(), ok.consumerCount()));
        } catch (DeclarationException e) {
            if (e.replyCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Deletes a queue (whatever its messages and consumers) and stops re-declaring it.
     *
     * @param queueName the queue
     * @return how many messages it held
     */
    public long deleteQueue(String queueName) {
        Objects.requireNonNull(queueName, "queueName must not be null");
        declared.removeIf(d -> d instanceof Queue q && q.name().equals(queueName));
        declared.removeIf(d -> d instanceof Binding b
                && b.destinationType() == Binding.DestinationType.QUEUE
                && b.destination().equals(queueName));
        dev.pika.spec.Queue.DeleteOk ok =
                call("queue '" + queueName + "'", channel -> channel.queueDelete(queueName, false, false));
        return ok.messageCount();
    }

    /**
     * Removes every ready message of a queue.
     *
     * @param queueName the queue
     * @return how many messages were removed
     */
    public long purgeQueue(String queueName) {
        Objects.requireNonNull(queueName, "queueName must not be null");
        dev.pika.spec.Queue.PurgeOk ok = call("queue '" + queueName + "'", channel -> channel.queuePurge(queueName));
        return ok.messageCount();
    }

    /**
     * Deletes an exchange and stops re-declaring it.
     *
     * @param exchangeName the exchange
     */
    public void deleteExchange(String exchangeName) {
        Objects.requireNonNull(exchangeName, "exchangeName must not be null");
        declared.removeIf(d -> d instanceof Exchange e && e.name().equals(exchangeName));
        call("exchange '" + exchangeName + "'", channel -> channel.exchangeDelete(exchangeName, false));
    }

    /**
     * Removes a binding and stops re-declaring it.
     *
     * @param binding the binding
     */
    public void removeBinding(Binding binding) {
        Objects.requireNonNull(binding, "binding must not be null");
        declared.remove(binding);
        if (binding.destinationType() == Binding.DestinationType.QUEUE) {
            call(
                    binding.describe(),
                    channel -> channel.queueUnbind(
                            binding.destination(), binding.exchange(), binding.routingKey(), binding.arguments()));
        } else {
            call(
                    binding.describe(),
                    channel -> channel.exchangeUnbind(
                            binding.destination(), binding.exchange(), binding.routingKey(), binding.arguments()));
        }
    }

    /** Runs one operation on a channel of its own and waits for the reply. */
    private <T> T call(String entity, Function<Channel, CompletableFuture<T>> operation) {
        if (connection.isInLoopThread()) {
            throw new IllegalStateException(
                    "PikaAdmin blocks until the broker answers: do not call it on the" + " connection's I/O thread");
        }
        // the operation must run on the I/O thread, also when the channel's future is already complete here
        CompletableFuture<T> result = connection
                .openChannel()
                .thenComposeAsync(
                        channel -> {
                            CompletableFuture<T> reply;
                            try {
                                reply = operation.apply(channel);
                            } catch (RuntimeException e) {
                                reply = CompletableFuture.failedFuture(e);
                            }
                            return reply.whenComplete((ok, error) -> {
                                Channels.closeQuietly(channel);
                            });
                        },
                        connection::execute);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeclarationException(
                    entity, new AmqpException("no answer from the broker within " + timeout + " (PikaAdmin timeout)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeclarationException(entity, new AmqpException("interrupted", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof ChannelClosedByBrokerException || !(cause instanceof RuntimeException)) {
                throw new DeclarationException(entity, cause);
            }
            if (cause instanceof DeclarationException d) {
                throw d;
            }
            throw new DeclarationException(entity, cause);
        }
    }

    /**
     * A queue's counts, from a passive declare. Immutable.
     *
     * @param name the queue
     * @param messageCount ready messages
     * @param consumerCount consumers
     */
    public record QueueInfo(String name, long messageCount, long consumerCount) {}
}
