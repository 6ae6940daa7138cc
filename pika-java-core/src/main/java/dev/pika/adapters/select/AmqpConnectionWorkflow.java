package dev.pika.adapters.select;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Attempt;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Phase;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.TimerReference;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Pika's {@code AMQPConnectionWorkflow}: connection attempts with timeouts and retries until one succeeds or all
 * fail. {@link SelectConnection#createConnection(List, BiConsumer, IoLoop)} returns it so that the application can
 * {@link #abort()} it; the constructors of {@link SelectConnection} run one for their single parameter set.
 *
 * <p>The workflow, as Pika's:
 *
 * <ol>
 *   <li>for each parameter set of the list, in order: resolve its host (off the loop's thread), then try each
 *       address the name resolved to, in the resolver's order: open the stream (TCP within {@link
 *       ConnectionParameters#socketTimeout()}, which also bounds the TLS handshake), then the AMQP handshake; {@link
 *       ConnectionParameters#stackTimeout()} bounds stream and handshake together;
 *   <li>the first attempt whose connection opens ends the workflow with that connection;
 *   <li>when every parameter set failed, start again after {@code retryDelay}, up to {@code connectionAttempts}
 *       cycles in all; {@code connectionAttempts} and {@code retryDelay} are those of the <em>last</em> parameter set
 *       of the list (Pika's rule);
 *   <li>when the cycles are used up: an {@link AmqpConnectionWorkflowFailedException} listing every attempt (address,
 *       phase and cause).
 * </ol>
 *
 * <p>Which errors end the workflow: in this failover form, none but {@link #abort()}. As in Pika, a failed AMQP
 * handshake (refused credentials, a virtual host the user may not open, a broker that speaks another protocol) moves
 * on to the next address like a refused TCP connect, because the next parameter set may carry other credentials or
 * point at another broker. The single-parameter form run by the {@link SelectConnection} constructors ends after its
 * first AMQP handshake, whatever its outcome (Pika's {@code _until_first_amqp_attempt}): a connection goes through one
 * handshake only, so refused credentials reach its on-open-error callbacks at once as {@link
 * dev.pika.exceptions.ProbableAuthenticationException} (or {@link dev.pika.exceptions.AuthenticationException}).
 *
 * <p>One deliberate difference from Pika: a host that cannot be resolved is one failed attempt and the workflow goes
 * on with the next parameter set; Pika ends the whole cycle there, so a failover list whose first host name is
 * unknown would never reach the second.
 *
 * <p>Threading: the workflow runs on its loop's thread. {@link #abort()}, {@link #isDone()} and {@link #ioloop()} may
 * be called from any thread; the completion callback runs on the loop's thread, exactly once.
 */
public final class AmqpConnectionWorkflow {

    private static final LoopLogger LOG = LoopLogger.get(AmqpConnectionWorkflow.class);

    private enum State {
        INIT,
        ACTIVE,
        ABORTING,
        DONE
    }

    private final IoLoop loop;
    private final List<ConnectionParameters> configs;
    private final Function<ConnectionParameters, SelectConnection> factory;
    private final boolean untilFirstAmqpAttempt;
    private final BiConsumer<SelectConnection, AmqpConnectionException> onDone;
    private final List<Attempt> failures = new ArrayList<>();
    private volatile State state = State.INIT;
    private int cyclesRemaining;
    private int configIndex;
    private Iterator<InetSocketAddress> addresses;
    private TimerReference timer;
    private IoReference resolving;
    private AmqpConnector connector;

    /**
     * @param loop the loop everything runs on
     * @param configs the parameter sets to try, in order; not empty
     * @param factory gives the connection to link to a stream once it is up
     * @param untilFirstAmqpAttempt end after the first AMQP handshake, whatever its outcome (the constructor form)
     * @param onDone gets the open connection and {@code null}, or {@code null} and why the workflow failed ({@link
     *     AmqpConnectionWorkflowFailedException}, or {@link ConnectionOpenAbortedException} after {@link #abort()})
     */
    AmqpConnectionWorkflow(
            IoLoop loop,
            List<ConnectionParameters> configs,
            Function<ConnectionParameters, SelectConnection> factory,
            boolean untilFirstAmqpAttempt,
            BiConsumer<SelectConnection, AmqpConnectionException> onDone) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.configs = checkConfigs(configs);
        this.factory = Objects.requireNonNull(factory, "factory");
        this.untilFirstAmqpAttempt = untilFirstAmqpAttempt;
        this.onDone = Objects.requireNonNull(onDone, "onDone");
    }

    private static List<ConnectionParameters> checkConfigs(List<ConnectionParameters> configs) {
        Objects.requireNonNull(configs, "connectionConfigs must not be null: give at least one ConnectionParameters");
        if (configs.isEmpty()) {
            throw new IllegalArgumentException(
                    "connectionConfigs must not be empty: give at least one ConnectionParameters");
        }
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i) == null) {
                throw new NullPointerException("connectionConfigs[" + i + "] must not be null");
            }
        }
        return List.copyOf(configs);
    }

    /**
     * The loop the workflow runs on: start it (or keep it running) for the workflow to make progress. Any thread.
     *
     * @return the loop
     */
    public IoLoop ioloop() {
        return loop;
    }

    /**
     * Whether the workflow has reported its outcome. Any thread.
     *
     * @return {@code true} once the completion callback was called
     */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * Aborts the workflow (Pika's {@code abort()}): a pending resolution, connect or retry pause is cancelled, a
     * connection in its AMQP handshake is aborted, and the completion callback receives a {@link
     * ConnectionOpenAbortedException} on a later loop turn. Any thread: from another thread the abort is handed to
     * the loop, and it does nothing if the workflow completes first.
     *
     * @return {@code false} when the workflow had already completed (or was being aborted), else {@code true}
     */
    public boolean abort() {
        State current = state;
        if (current == State.DONE || current == State.ABORTING) {
            return false;
        }
        if (loop.isInLoopThread()) {
            abortOnLoop();
        } else {
            loop.addCallbackThreadsafe(this::abortOnLoop);
        }
        return true;
    }

    /** Attempts that failed so far (loop thread; a test hook). */
    int failedAttempts() {
        return failures.size();
    }

    /** Starts the workflow on the loop's next turn (never calling back from inside this call). Any thread. */
    void start() {
        if (state != State.INIT) {
            throw new IllegalStateException("the connection workflow was already started");
        }
        state = State.ACTIVE;
        cyclesRemaining = configs.get(configs.size() - 1).connectionAttempts();
        loop.addCallbackThreadsafe(() -> startCycle(true));
    }

    private void abortOnLoop() {
        if (state == State.DONE || state == State.ABORTING) {
            return;
        }
        boolean started = state == State.ACTIVE;
        state = State.ABORTING;
        LOG.info("Connection workflow aborted by the client");
        cancelTasks();
        AmqpConnector current = connector;
        if (current != null) {
            current.abort(); // reports aborted() later
        } else if (started) {
            loop.callLater(Duration.ZERO, this::reportAborted);
        }
    }

    private void startCycle(boolean first) {
        timer = null;
        if (state != State.ACTIVE) {
            return;
        }
        if (cyclesRemaining <= 0) {
            complete(null, new AmqpConnectionWorkflowFailedException(failures));
            return;
        }
        cyclesRemaining--;
        configIndex = -1;
        Duration delay = first ? Duration.ZERO : configs.get(configs.size() - 1).retryDelay();
        if (!first) {
            LOG.info(
                    "Every connection attempt of this cycle failed; retrying in {} ({} more cycles after this one)",
                    delay,
                    cyclesRemaining);
        }
        timer = loop.callLater(delay, this::tryNextConfig);
    }

    private void tryNextConfig() {
        timer = null;
        if (state != State.ACTIVE) {
            return;
        }
        configIndex++;
        if (configIndex >= configs.size()) {
            startCycle(false);
            return;
        }
        ConnectionParameters params = configs.get(configIndex);
        resolving = loop.resolve(
                params.host(), params.port(), IoCallback.of(this::onResolved, error -> onResolveFailed(params, error)));
    }

    private void onResolved(List<InetSocketAddress> resolved) {
        resolving = null;
        addresses = resolved.iterator();
        tryNextAddress();
    }

    private void onResolveFailed(ConnectionParameters params, Throwable error) {
        resolving = null;
        LOG.info("Cannot resolve {}: {}", params.host(), error);
        failures.add(new Attempt(params.host(), params.port(), null, Phase.RESOLVE, error));
        tryNextConfig();
    }

    private void tryNextAddress() {
        if (state != State.ACTIVE) {
            return;
        }
        if (!addresses.hasNext()) {
            tryNextConfig();
            return;
        }
        ConnectionParameters params = configs.get(configIndex);
        connector = new AmqpConnector(loop, params, addresses.next(), factory, new ConnectorListener());
        connector.start();
    }

    private void reportAborted() {
        complete(
                null,
                new ConnectionOpenAbortedException("The connection workflow was aborted by the client after "
                        + failures.size() + " failed attempts"));
    }

    private void complete(SelectConnection connection, AmqpConnectionException error) {
        if (state == State.DONE) {
            return;
        }
        cancelTasks();
        state = State.DONE;
        connector = null;
        if (error != null && untilFirstAmqpAttempt) {
            LOG.debug("Connection workflow failed: {}", error.getMessage()); // the connection reports it
        } else if (error != null) {
            LOG.info("Connection workflow failed: {}", error.getMessage());
        }
        onDone.accept(connection, error);
    }

    private void cancelTasks() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (resolving != null) {
            resolving.cancel();
            resolving = null;
        }
    }

    /** The current connector's outcome. */
    private final class ConnectorListener implements AmqpConnector.Listener {

        @Override
        public void connected(SelectConnection connection) {
            connector = null;
            complete(connection, null);
        }

        @Override
        public void failed(Attempt attempt) {
            connector = null;
            failures.add(attempt);
            if (untilFirstAmqpAttempt && attempt.phase() == Phase.AMQP_HANDSHAKE) {
                complete(null, new AmqpConnectionWorkflowFailedException(failures));
            } else {
                tryNextAddress();
            }
        }

        @Override
        public void aborted() {
            connector = null;
            reportAborted();
        }
    }

    @Override
    public String toString() {
        return "AmqpConnectionWorkflow[" + configs.size() + " parameter sets, " + state + "]";
    }
}
