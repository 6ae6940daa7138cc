package dev.pika.adapters.select;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A blocking loopback server for transport tests: each accepted socket gets its own thread running a
 * handler (echo by default). Closing it closes every socket and joins every thread.
 */
class EchoServer implements AutoCloseable {

    /** What to do with one accepted connection. */
    interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    EchoServer() throws IOException {
        this(EchoServer::echo);
    }

    EchoServer(Handler handler) throws IOException {
        this(handler, address -> {
            try {
                ServerSocket socket = new ServerSocket();
                socket.bind(address);
                return socket;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    EchoServer(Handler handler, Function<InetSocketAddress, ServerSocket> binder) throws IOException {
        this.server = binder.apply(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.handler = handler;
        this.acceptor = new Thread(this::accept, "test-server-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            Thread thread = new Thread(
                    () -> {
                        try (Socket s = socket) {
                            handler.handle(s);
                        } catch (IOException e) {
                            // the peer went away
                        }
                    },
                    "test-server-connection");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int count;
        while ((count = in.read(buffer)) >= 0) {
            out.write(buffer, 0, count);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        Loops.join(acceptor);
        for (Thread thread : threads) {
            Loops.join(thread);
        }
    }
}
