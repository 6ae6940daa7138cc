package dev.pika.adapters.select;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Attempt;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Phase;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import dev.pika.io.TimerReference;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Function;

/**
 * One TCP/[TLS]/AMQP connection attempt to one resolved address: Pika's {@code AMQPConnector}. It opens the stream
 * ({@link IoLoop#connectStream}, bounded by {@link ConnectionParameters#socketTimeout()}), links a connection to it
 * (created by the factory only once the stream is up, as Pika's protocol factory), and waits for the AMQP handshake
 * to end ({@code Connection.OpenOk}, or the connection's open error). {@link ConnectionParameters#stackTimeout()}
 * bounds the whole attempt: when it expires while the stream opens, the connect is cancelled; during the AMQP
 * handshake, the connection is aborted with a timeout error, which it reports as its open error.
 *
 * <p>Exactly one of the {@link Listener}'s methods is called, once, on the loop's thread and never from inside {@link
 * #start()} or {@link #abort()}.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class AmqpConnector {

    private static final LoopLogger LOG = LoopLogger.get(AmqpConnector.class);

    /** What the attempt ended with. */
    interface Listener {
        /** The connection is open. */
        void connected(SelectConnection connection);

        /** The attempt failed; {@code attempt} says where and why. */
        void failed(Attempt attempt);

        /** {@link #abort()} ended the attempt. */
        void aborted();
    }

    private enum State {
        INIT,
        CONNECT,
        AMQP,
        TIMEOUT,
        ABORTING,
        DONE
    }

    private final IoLoop loop;
    private final ConnectionParameters params;
    private final InetSocketAddress address;
    private final Function<ConnectionParameters, SelectConnection> factory;
    private final Listener listener;
    private State state = State.INIT;
    private IoReference connectTask;
    private TimerReference stackTimer;
    private SelectConnection connection;

    /**
     * @param loop the loop
     * @param params the parameters of this attempt
     * @param address the resolved address to connect to
     * @param factory gives the connection to link to the stream, called once the stream is up
     * @param listener told how the attempt ended
     */
    AmqpConnector(
            IoLoop loop,
            ConnectionParameters params,
            InetSocketAddress address,
            Function<ConnectionParameters, SelectConnection> factory,
            Listener listener) {
        this.loop = loop;
        this.params = params;
        this.address = address;
        this.factory = factory;
        this.listener = listener;
    }

    void start() {
        if (state != State.INIT) {
            throw new IllegalStateException("AmqpConnector already started (" + state + ")");
        }
        state = State.CONNECT;
        LOG.debug("Connecting to {} ({}:{})", address, params.host(), params.port());
        connectTask = loop.connectStream(
                SelectConnection.connectRequest(params, address),
                new LinkingProtocol(),
                IoCallback.of(this::onStreamUp, this::onConnectFailed));
        params.stackTimeout().ifPresent(timeout -> stackTimer = loop.callLater(timeout, this::onStackTimeout));
    }

    /**
     * Ends the attempt: a pending connect is cancelled, a connection in its handshake is aborted; the listener's
     * {@link Listener#aborted()} follows on a later turn. Does nothing before {@link #start()} or once the outcome
     * was reported.
     */
    void abort() {
        switch (state) {
            case CONNECT -> {
                state = State.ABORTING;
                cancelTasks();
                loop.callLater(Duration.ZERO, this::reportAborted);
            }
            case AMQP -> {
                state = State.ABORTING;
                cancelTasks();
                connection.abortOpening(new ConnectionOpenAbortedException(
                        "The connection workflow was aborted during the AMQP handshake with " + describe()));
            }
            case TIMEOUT -> state = State.ABORTING; // the connection is already being aborted: await its report
            default -> {
                // not started, already aborting, or done
            }
        }
    }

    private void onStreamUp(StreamTransport transport) {
        connectTask = null;
        if (state != State.CONNECT) {
            return;
        }
        state = State.AMQP;
        connection.addOnOpenCallback(opened -> onHandshakeDone(null));
        connection.addOnOpenErrorCallback((failed, error) -> onHandshakeDone(error));
    }

    private void onConnectFailed(Throwable error) {
        connectTask = null;
        if (state == State.CONNECT) {
            LOG.debug("Connecting to {} failed: {}", address, error);
            finishFailed(Phase.CONNECT, error);
        }
    }

    private void onStackTimeout() {
        stackTimer = null;
        String message = "stackTimeout (" + params.stackTimeout().orElseThrow() + ") expired ";
        if (state == State.CONNECT) {
            if (connectTask != null) {
                connectTask.cancel();
                connectTask = null;
            }
            finishFailed(
                    Phase.CONNECT,
                    new SocketTimeoutException(message + "while opening the stream (TCP"
                            + (params.sslOptions().isPresent() ? " and TLS" : "") + ") to " + describe()
                            + ": raise ConnectionParameters.stackTimeout, or check the broker is reachable"));
        } else if (state == State.AMQP) {
            state = State.TIMEOUT;
            String detail = message + "during the AMQP handshake with " + describe() + " (connection state "
                    + connection.state() + "): raise ConnectionParameters.stackTimeout, or check the broker";
            connection.abortOpening(new AmqpConnectionException(detail, new SocketTimeoutException(detail)));
        }
    }

    private void onHandshakeDone(AmqpConnectionException error) {
        switch (state) {
            case ABORTING -> reportAborted();
            case AMQP, TIMEOUT -> {
                if (error == null) {
                    finish();
                    listener.connected(connection);
                } else {
                    LOG.debug("The AMQP handshake with {} failed: {}", address, error);
                    finishFailed(Phase.AMQP_HANDSHAKE, error);
                }
            }
            default -> {
                // reported already
            }
        }
    }

    private void reportAborted() {
        if (state != State.ABORTING) {
            return;
        }
        finish();
        listener.aborted();
    }

    private void finishFailed(Phase phase, Throwable error) {
        finish();
        listener.failed(new Attempt(params.host(), params.port(), address, phase, error));
    }

    private void finish() {
        cancelTasks();
        state = State.DONE;
    }

    private void cancelTasks() {
        if (stackTimer != null) {
            stackTimer.cancel();
            stackTimer = null;
        }
        if (connectTask != null) {
            connectTask.cancel();
            connectTask = null;
        }
    }

    private String describe() {
        return params.host() + ":" + params.port() + " (" + address.getAddress().getHostAddress() + ")";
    }

    /**
     * The stream's protocol until the stream is up: creates the connection then (Pika's protocol factory) and hands
     * every event to it.
     */
    private final class LinkingProtocol implements StreamProtocol {

        private StreamProtocol target;

        @Override
        public void connectionMade(StreamTransport transport) {
            connection = factory.apply(params);
            target = connection.streamProtocol();
            target.connectionMade(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            target.dataReceived(data);
        }

        @Override
        public void eofReceived() {
            target.eofReceived();
        }

        @Override
        public void connectionLost(Throwable errorOrNull) {
            target.connectionLost(errorOrNull);
        }

        @Override
        public void writeBufferDrained() {
            target.writeBufferDrained();
        }
    }
}
