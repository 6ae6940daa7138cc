package dev.pika.adapters.select;

import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import dev.pika.io.TimerReference;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One {@link IoLoop#connectStream} operation: a non-blocking TCP connect bounded by a timer, then for TLS the
 * handshake (run by the {@link TlsTransport} it creates), then the linking of the protocol. Pika's {@code
 * _AsyncSocketConnector} and {@code _AsyncStreamConnector} in one.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class StreamConnector implements IoReference, SelectorHandler, LoopResource, TlsTransport.HandshakeListener {

    private static final LoopLogger LOG = LoopLogger.get(StreamConnector.class);

    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;

    private final IoLoop loop;
    private final StreamConnectRequest request;
    private final StreamProtocol protocol;
    private final IoCallback<StreamTransport> onDone;
    private final long startedNanos;
    private int state = PENDING;
    private SocketChannel channel;
    private SelectionKey key;
    private TimerReference timeout;
    private TlsTransport tls;

    StreamConnector(
            IoLoop loop, StreamConnectRequest request, StreamProtocol protocol, IoCallback<StreamTransport> onDone) {
        this.loop = loop;
        this.request = request;
        this.protocol = protocol;
        this.onDone = onDone;
        this.startedNanos = loop.nanoTime();
    }

    void start() {
        loop.addResource(this);
        if (request.connectTimeout() != null) {
            timeout = loop.callLater(request.connectTimeout(), this::onTimeout);
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, request.tcpNoDelay());
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, request.keepAlive());
            if (request.sendBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, request.sendBufferSize());
            }
            if (request.receiveBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, request.receiveBufferSize());
            }
            for (Map.Entry<SocketOption<?>, Object> option :
                    request.socketOptions().entrySet()) {
                setOption(channel, option.getKey(), option.getValue());
            }
            key = channel.register(loop.selector(), 0, this);
            if (channel.connect(request.remoteAddress())) {
                loop.post(this::onTcpConnected); // never complete from inside connectStream
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            Throwable error = describe(e);
            loop.post(() -> fail(error));
        }
    }

    @Override
    public void onReady(int readyOps) {
        if (state != PENDING || (readyOps & SelectionKey.OP_CONNECT) == 0) {
            return;
        }
        try {
            if (channel.finishConnect()) {
                onTcpConnected();
            }
        } catch (IOException | RuntimeException e) {
            fail(describe(e));
        }
    }

    private void onTcpConnected() {
        if (state != PENDING) {
            return;
        }
        key.interestOps(0);
        if (!request.isTls()) {
            link(new PlainTransport(loop, channel, key, request));
            return;
        }
        try {
            tls = new TlsTransport(loop, channel, key, request, newEngine(), this);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        key.attach(tls);
        tls.beginHandshake();
    }

    /** Sets an option whose value the request checked against the option's type. */
    private static <T> void setOption(SocketChannel channel, SocketOption<T> option, Object value) throws IOException {
        channel.setOption(option, option.type().cast(value));
    }

    private SSLEngine newEngine() {
        String serverName = request.effectiveServerName();
        SSLEngine engine = request.sslContext()
                .createSSLEngine(serverName, request.remoteAddress().getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (request.serverNameIndication() && !isAddressLiteral(serverName)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
            } catch (IllegalArgumentException e) {
                LOG.debug("not sending SNI: '{}' is not a valid host name ({})", serverName, e.getMessage());
            }
        }
        parameters.setEndpointIdentificationAlgorithm(request.verifyHostname() ? "HTTPS" : null);
        if (!request.tlsProtocols().isEmpty()) {
            parameters.setProtocols(request.tlsProtocols().toArray(new String[0]));
        }
        if (!request.tlsCipherSuites().isEmpty()) {
            parameters.setCipherSuites(request.tlsCipherSuites().toArray(new String[0]));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    static boolean isAddressLiteral(String name) {
        if (name.indexOf(':') >= 0) {
            return true; // IPv6
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void handshakeFinished() {
        if (state == PENDING) {
            link(tls);
        }
    }

    @Override
    public void handshakeFailed(Throwable error) {
        fail(error);
    }

    private void link(AbstractStreamTransport transport) {
        state = DONE;
        cancelTimeout();
        loop.removeResource(this);
        key.attach(transport);
        loop.addResource(transport);
        try {
            transport.link(protocol);
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LOG.warn("protocol.connectionMade() threw; closing the new stream to " + request.remoteAddress(), t);
            loop.removeResource(transport);
            transport.discard();
            report(t);
            return;
        }
        try {
            onDone.onSuccess(transport);
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LOG.warn("connectStream's onSuccess callback threw", t);
        }
        transport.startReading();
    }

    private void onTimeout() {
        timeout = null;
        long elapsedMillis = (loop.nanoTime() - startedNanos) / 1_000_000;
        String phase = tls != null ? "the TLS handshake with " : "connecting to ";
        fail(new SocketTimeoutException("timed out after " + elapsedMillis + " ms " + phase
                + request.remoteAddress() + " (StreamConnectRequest.connectTimeout = " + request.connectTimeout()
                + ")"));
    }

    private void fail(Throwable error) {
        if (state != PENDING) {
            return;
        }
        state = DONE;
        cleanUp();
        report(error);
    }

    private void report(Throwable error) {
        try {
            onDone.onFailure(error);
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LOG.warn("connectStream's onFailure callback threw", t);
        }
    }

    @Override
    public boolean cancel() {
        if (!loop.isInLoopThread()) {
            throw new IllegalStateException("IoReference.cancel() of a connectStream must be called on the"
                    + " IoLoop's thread, not on " + Thread.currentThread().getName()
                    + ": hand it to the loop with addCallbackThreadsafe");
        }
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        cleanUp();
        return true;
    }

    @Override
    public void onLoopClosed() {
        fail(new IOException(
                "the IoLoop was closed before the stream to " + request.remoteAddress() + " was connected"));
    }

    private void cleanUp() {
        cancelTimeout();
        loop.removeResource(this);
        if (tls != null) {
            tls.discard();
        } else if (channel != null) {
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the socket to {} failed: {}", request.remoteAddress(), e.toString());
            }
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
    }

    /** The JDK's connect errors name no address: add it, keeping the exception's type. */
    private Throwable describe(Throwable error) {
        InetSocketAddress address = request.remoteAddress();
        String detail = error.getMessage() == null ? "" : error.getMessage() + ": ";
        Throwable described;
        if (error instanceof ConnectException) {
            described = new ConnectException(detail + "cannot connect to " + address);
        } else if (error instanceof NoRouteToHostException) {
            described = new NoRouteToHostException(detail + "no route to " + address);
        } else if (error instanceof SocketException) {
            described = new SocketException(detail + "cannot connect to " + address);
        } else if (error instanceof UnresolvedAddressException) {
            described = new UnknownHostException(
                    "cannot connect to the unresolved address " + address + ": resolve it first (IoServices.resolve)");
        } else if (error instanceof IOException) {
            described = new IOException(detail + "cannot connect to " + address);
        } else {
            return error;
        }
        described.initCause(error);
        return described;
    }

    @Override
    public String toString() {
        return "StreamConnector[" + request.remoteAddress() + (request.isTls() ? ", TLS" : "") + "]";
    }
}
