package dev.pika.adapters.select;

import dev.pika.BasicProperties;
import dev.pika.frame.ByteSink;
import dev.pika.frame.FrameDecoder;
import dev.pika.frame.FrameHandler;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Connection;
import dev.pika.spec.Method;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A scripted AMQP 0-9-1 peer on a loopback port, for adapter tests without a broker: it answers the connection
 * handshake the way its {@link Behaviour} says, with the real frame codec, one thread per accepted socket.
 */
final class FakeBroker implements AutoCloseable {

    /** How the fake answers a client. */
    enum Behaviour {
        /** The whole handshake, up to {@code Connection.OpenOk}; answers {@code Connection.Close} with CloseOk. */
        OPEN,
        /** Refuses the credentials: {@code Connection.Close} 403 after {@code StartOk} (RabbitMQ's way). */
        REFUSE_LOGIN,
        /** Accepts the socket and reads, but never answers. */
        SILENT
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger endedByClient = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Method> received = new CopyOnWriteArrayList<>();
    private final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    private final String mechanisms;

    FakeBroker(Behaviour behaviour) throws IOException {
        this(behaviour, 0);
    }

    /** A fake on a given loopback port (0 for a free one). */
    FakeBroker(Behaviour behaviour, int port) throws IOException {
        this(behaviour, new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), "PLAIN AMQPLAIN");
    }

    /**
     * A TLS fake on a free loopback port that requires a client certificate and offers {@code mechanisms} (e.g. {@code
     * EXTERNAL}): the scripted peer for client-certificate authentication where no RabbitMQ can be started.
     */
    static FakeBroker tls(Behaviour behaviour, SSLContext serverContext, String mechanisms) throws IOException {
        SSLServerSocket server =
                (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setNeedClientAuth(true);
        return new FakeBroker(behaviour, server, mechanisms);
    }

    private FakeBroker(Behaviour behaviour, ServerSocket server, String mechanisms) {
        this.behaviour = behaviour;
        this.server = server;
        this.mechanisms = mechanisms;
        this.acceptor = new Thread(this::acceptLoop, "fake-broker-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Sockets accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Sockets the client closed (end of stream or reset seen by the fake). */
    int endedByClient() {
        return endedByClient.get();
    }

    /** The subjects of the client certificates TLS clients presented, in order. */
    List<String> clientCertificates() {
        return clientCertificates;
    }

    /** Every method the clients sent, in order. */
    List<Method> received() {
        return received;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                sockets.add(socket);
                Thread handler = new Thread(() -> serve(socket), "fake-broker-conn-" + socket.getPort());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
                X509Certificate peer = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                clientCertificates.add(peer.getSubjectX500Principal().getName());
            }
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            SocketWriter writer = new SocketWriter(out);
            FrameDecoder decoder = new FrameDecoder(new Handler(writer), 1 << 20);
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                endedByClient.incrementAndGet();
                return;
            }
            if (behaviour != Behaviour.SILENT) {
                writer.method(new Connection.Start(
                        0,
                        9,
                        Map.of("product", "FakeBroker", "capabilities", Map.of("authentication_failure_close", true)),
                        mechanisms,
                        "en_US"));
            }
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (behaviour != Behaviour.SILENT) {
                    decoder.decode(ByteBuffer.wrap(buffer, 0, read));
                }
            }
            endedByClient.incrementAndGet();
        } catch (IOException e) {
            if (!server.isClosed()) {
                endedByClient.incrementAndGet();
            }
        }
    }

    /** Answers the client's methods. */
    private final class Handler implements FrameHandler {
        private final SocketWriter writer;

        Handler(SocketWriter writer) {
            this.writer = writer;
        }

        @Override
        public void onMethod(int channel, Method method) {
            received.add(method);
            if (method instanceof Connection.StartOk) {
                if (behaviour == Behaviour.REFUSE_LOGIN) {
                    writer.method(new Connection.Close(
                            403, "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN", 0, 0));
                } else {
                    writer.method(new Connection.Tune(2047, 131072, 0));
                }
            } else if (method instanceof Connection.Open) {
                writer.method(new Connection.OpenOk(""));
            } else if (method instanceof Connection.Close) {
                writer.method(Connection.CloseOk.INSTANCE);
            }
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {}

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {}

        @Override
        public void onHeartbeat(int channel) {}

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {}
    }

    /** Frames written straight to the socket. */
    private static final class SocketWriter implements ByteSink {
        private final OutputStream out;
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        private final FrameWriter writer = new FrameWriter(this);

        SocketWriter(OutputStream out) {
            this.out = out;
        }

        void method(Method method) {
            frame.reset();
            writer.writeMethod(0, method);
            try {
                out.write(frame.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the client went away; the read loop sees it
            }
        }

        @Override
        public void write(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            frame.write(bytes, 0, bytes.length);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            frame.write(data, offset, length);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
