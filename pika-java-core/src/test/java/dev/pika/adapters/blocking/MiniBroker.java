package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.connection.ScriptedBroker;
import dev.pika.frame.ByteSink;
import dev.pika.frame.ContentAssembler;
import dev.pika.frame.FrameDecoder;
import dev.pika.frame.FrameHandler;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel;
import dev.pika.spec.Confirm;
import dev.pika.spec.Connection;
import dev.pika.spec.Exchange;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A small AMQP 0-9-1 peer on a loopback socket for the blocking adapter's unit tests: it runs the handshake, answers
 * the synchronous methods the tests use the way RabbitMQ does, records every frame the client sends, and lets the
 * test push deliveries, returns, cancellations and closes. Publishes on a confirm-mode channel are acked unless a
 * {@link #onPublish} hook says otherwise. Heartbeats are off unless {@link #heartbeat(int)} proposes them.
 *
 * <p>Thread-safe: one reader thread per client connection; writes are serialised.
 */
final class MiniBroker implements AutoCloseable {

    /** A frame (or an assembled message) the client sent. */
    record Frame(int channel, Method method, BasicProperties properties, byte[] body) {}

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Frame> frames = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();
    private volatile int heartbeatSeconds;
    private volatile BiPredicate<Session, Frame> publishHook = (session, frame) -> false;

    private MiniBroker() throws IOException {
        server = new ServerSocket();
        server.setReceiveBufferSize(64 * 1024);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "mini-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static MiniBroker start() {
        try {
            return new MiniBroker();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Proposes a heartbeat timeout in {@code Connection.Tune} (the client accepts the broker's proposal). */
    MiniBroker heartbeat(int seconds) {
        heartbeatSeconds = seconds;
        return this;
    }

    /** A hook for client publishes; return {@code true} when it answered the publish itself (no automatic ack). */
    MiniBroker onPublish(BiPredicate<Session, Frame> hook) {
        publishHook = hook;
        return this;
    }

    /**
     * A publish hook that refuses by routing key: {@code nack-me} is nacked, {@code nowhere} is returned as
     * unroutable (312) then acked; every other publish is acked automatically.
     */
    MiniBroker nackOrReturnByRoutingKey() {
        return onPublish((session, frame) -> {
            Basic.Publish publish = (Basic.Publish) frame.method();
            long sequence = sequenceOf(frame);
            if (publish.routingKey().equals("nack-me")) {
                session.send(frame.channel(), new Basic.Nack(sequence, false, false));
                return true;
            }
            if (publish.routingKey().equals("nowhere")) {
                session.sendContent(
                        frame.channel(),
                        new Basic.Return(312, "NO_ROUTE", publish.exchange(), publish.routingKey()),
                        frame.properties(),
                        frame.body());
                session.send(frame.channel(), new Basic.Ack(sequence, false));
                return true;
            }
            return false;
        });
    }

    /** The confirm sequence number of a publish: its position among its channel's publishes. */
    long sequenceOf(Frame frame) {
        return publishes().stream()
                        .filter(f -> f.channel() == frame.channel())
                        .toList()
                        .indexOf(frame)
                + 1;
    }

    ConnectionParameters parameters() {
        return ConnectionParameters.builder()
                .host(server.getInetAddress().getHostAddress())
                .port(server.getLocalPort())
                .build();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Session session = new Session(socket);
                synchronized (sessions) {
                    sessions.add(session);
                }
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The latest client connection. */
    Session session() {
        synchronized (sessions) {
            return sessions.get(sessions.size() - 1);
        }
    }

    /** Waits for a client frame matching {@code filter} (one that arrived earlier counts). */
    Frame await(Predicate<Frame> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (true) {
                for (Frame frame : frames) {
                    if (filter.test(frame)) {
                        return frame;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("no client frame matched within " + timeout + "; got " + frames);
                }
                try {
                    frames.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    <T extends Method> T await(Class<T> type, Duration timeout) {
        return type.cast(
                await(frame -> type.isInstance(frame.method()), timeout).method());
    }

    /** Waits until {@code count} client frames of {@code type} arrived, and returns them. */
    <T extends Method> List<T> await(Class<T> type, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (true) {
                List<T> matching = framesOf(type);
                if (matching.size() >= count) {
                    return matching;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("expected " + count + " " + type.getSimpleName() + " within " + timeout
                            + ", got " + matching.size());
                }
                try {
                    frames.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The client frames of {@code type} so far. */
    <T extends Method> List<T> framesOf(Class<T> type) {
        synchronized (frames) {
            List<T> matching = new ArrayList<>();
            for (Frame frame : frames) {
                if (type.isInstance(frame.method())) {
                    matching.add(type.cast(frame.method()));
                }
            }
            return matching;
        }
    }

    /** The client's content frames (publishes) so far. */
    List<Frame> publishes() {
        synchronized (frames) {
            List<Frame> matching = new ArrayList<>();
            for (Frame frame : frames) {
                if (frame.method() instanceof Basic.Publish) {
                    matching.add(frame);
                }
            }
            return matching;
        }
    }

    private void record(Frame frame) {
        synchronized (frames) {
            frames.add(frame);
            frames.notifyAll();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (sessions) {
            for (Session session : sessions) {
                session.drop();
            }
        }
    }

    /** One client connection. */
    final class Session implements FrameHandler {

        private final Socket socket;
        private final OutputStream out;
        private final FrameWriter writer;
        private final FrameDecoder decoder = new FrameDecoder(this, 131072);
        private final Map<Integer, ContentAssembler> assemblers = new HashMap<>();
        private final Map<Integer, Long> confirmSequences = new HashMap<>();
        private final Thread reader;
        private final Object pause = new Object();
        private boolean paused;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.writer = new FrameWriter(new ByteSink() {
                @Override
                public void write(ByteBuffer data) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    write(bytes, 0, bytes.length);
                }

                @Override
                public void write(byte[] data, int offset, int length) {
                    try {
                        out.write(data, offset, length);
                    } catch (IOException e) {
                        // the client is gone
                    }
                }
            });
            this.reader = new Thread(this::readLoop, "mini-broker-session");
            reader.setDaemon(true);
        }

        void start() {
            reader.start();
        }

        private void readLoop() {
            byte[] buffer = new byte[65536];
            try (InputStream in = socket.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    decoder.decode(ByteBuffer.wrap(buffer, 0, read));
                    synchronized (pause) {
                        while (paused) {
                            pause.wait();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // connection over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops reading from the client after the current read (its writes back up). */
        void pauseReading() {
            synchronized (pause) {
                paused = true;
            }
        }

        /** Reads again. */
        void resumeReading() {
            synchronized (pause) {
                paused = false;
                pause.notifyAll();
            }
        }

        /** Sends a method frame. */
        synchronized void send(int channel, Method method) {
            writer.writeMethod(channel, method);
            flush();
        }

        /** Sends a content-bearing method with its header and body. */
        synchronized void sendContent(int channel, Method method, BasicProperties properties, byte[] body) {
            writer.writeContent(channel, method, properties, body, 131072);
            flush();
        }

        /** Sends a delivery to a consumer. */
        void deliver(int channel, String consumerTag, long deliveryTag, byte[] body) {
            sendContent(
                    channel,
                    new Basic.Deliver(consumerTag, deliveryTag, false, "", "queue"),
                    BasicProperties.EMPTY,
                    body);
        }

        private void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                // the client is gone
            }
        }

        /** Drops the TCP connection without a close handshake. */
        void drop() {
            try {
                socket.close();
            } catch (IOException e) {
                // dropped anyway
            }
        }

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {
            send(0, ScriptedBroker.rabbitStart());
        }

        @Override
        public void onMethod(int channel, Method method) {
            ContentAssembler assembler = assemblers.computeIfAbsent(
                    channel,
                    number -> new ContentAssembler(
                            number,
                            ContentAssembler.MAX_BODY_SIZE_LIMIT,
                            (m, properties, body) -> onFrame(new Frame(number, m, properties, body))));
            if (!assembler.onMethod(method)) {
                onFrame(new Frame(channel, method, null, null));
            }
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
            assemblers.get(channel).onHeader(classId, bodySize, properties);
        }

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {
            assemblers.get(channel).onBody(fragment);
        }

        @Override
        public void onHeartbeat(int channel) {
            // heartbeats are not recorded
        }

        private void onFrame(Frame frame) {
            record(frame);
            int channel = frame.channel();
            Method method = frame.method();
            if (method instanceof Connection.StartOk) {
                send(0, new Connection.Tune(2047, 131072, heartbeatSeconds));
            } else if (method instanceof Connection.Open) {
                send(0, new Connection.OpenOk(""));
            } else if (method instanceof Connection.UpdateSecret) {
                send(0, Connection.UpdateSecretOk.INSTANCE);
            } else if (method instanceof Connection.Close) {
                send(0, Connection.CloseOk.INSTANCE);
                drop();
            } else if (method instanceof Channel.Open) {
                send(channel, new Channel.OpenOk(""));
            } else if (method instanceof Channel.Close) {
                confirmSequences.remove(channel);
                send(channel, Channel.CloseOk.INSTANCE);
            } else if (method instanceof Queue.Declare declare) {
                send(channel, new Queue.DeclareOk(declare.queue().isEmpty() ? "amq.gen-1" : declare.queue(), 0, 0));
            } else if (method instanceof Queue.Delete) {
                send(channel, new Queue.DeleteOk(0));
            } else if (method instanceof Exchange.Declare) {
                send(channel, Exchange.DeclareOk.INSTANCE);
            } else if (method instanceof Basic.Qos) {
                send(channel, Basic.QosOk.INSTANCE);
            } else if (method instanceof Basic.Consume consume) {
                send(channel, new Basic.ConsumeOk(consume.consumerTag()));
            } else if (method instanceof Basic.Cancel cancel && !cancel.nowait()) {
                send(channel, new Basic.CancelOk(cancel.consumerTag()));
            } else if (method instanceof Basic.Get) {
                send(channel, new Basic.GetEmpty(""));
            } else if (method instanceof Confirm.Select) {
                confirmSequences.put(channel, 0L);
                send(channel, Confirm.SelectOk.INSTANCE);
            } else if (method instanceof Tx.Select) {
                send(channel, Tx.SelectOk.INSTANCE);
            } else if (method instanceof Basic.Publish) {
                Long sequence = confirmSequences.get(channel);
                if (sequence != null) {
                    confirmSequences.put(channel, sequence + 1);
                }
                if (!publishHook.test(this, frame) && sequence != null) {
                    send(channel, new Basic.Ack(sequence + 1, false));
                }
            }
        }
    }
}
