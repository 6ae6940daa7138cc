package dev.pika.testing.peer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connection accepted by a {@link ScriptedPeer}, as its {@link PeerScript} sees it: blocking reads of the
 * client's protocol header and frames, each with a bound, and writes of whatever bytes the script built.
 *
 * <p>Every read is bounded by the duration it is given ({@link #DEFAULT_TIMEOUT} for the convenience methods) and
 * fails with {@link PeerExpectationException} when the bound passes or the client closes the stream first. Frames the
 * peer reads are kept in {@link #received()}.
 *
 * <p>Used by its script's thread only, except {@link #received()} and {@link #close()} (any thread).
 */
public final class PeerSession implements AutoCloseable {

    /** The bound of the convenience methods' reads. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The largest frame payload the peer accepts from a client (the client's frames are small). */
    private static final int MAX_INBOUND_PAYLOAD = 1 << 20;

    private final Socket socket;
    private final int index;
    private final InputStream in;
    private final OutputStream out;
    private final List<InboundFrame> received = Collections.synchronizedList(new ArrayList<>());

    PeerSession(Socket socket, int index) throws IOException {
        this.socket = socket;
        this.index = index;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The number of this connection among those the peer accepted, from 0. */
    public int index() {
        return index;
    }

    /** The accepted socket, for what the methods here do not cover (e.g. {@code setSoLinger} before a reset). */
    public Socket socket() {
        return socket;
    }

    /** Every frame read so far, in order. Any thread. */
    public List<InboundFrame> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * Reads the client's protocol header and checks it is AMQP 0-9-1's.
     *
     * @throws PeerExpectationException when something else (or nothing) arrives within the bound
     */
    public void expectProtocolHeader(Duration timeout) {
        byte[] header = readFully(8, deadline(timeout), "the protocol header");
        if (!Arrays.equals(header, AmqpFrames.protocolHeader())) {
            throw new PeerExpectationException(
                    "Expected the AMQP 0-9-1 protocol header, received " + Arrays.toString(header));
        }
    }

    /**
     * Reads the next frame.
     *
     * @throws PeerExpectationException when no complete, well-formed frame arrives within the bound
     */
    public InboundFrame readFrame(Duration timeout) {
        long deadline = deadline(timeout);
        byte[] header = readFully(7, deadline, "a frame header");
        int type = header[0] & 0xFF;
        int channel = ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
        long size = ((long) (header[3] & 0xFF) << 24)
                | ((header[4] & 0xFF) << 16)
                | ((header[5] & 0xFF) << 8)
                | (header[6] & 0xFF);
        if (size > MAX_INBOUND_PAYLOAD) {
            throw new PeerExpectationException("The client sent a frame of " + size + " payload bytes, above the"
                    + " scripted peer's limit of " + MAX_INBOUND_PAYLOAD);
        }
        byte[] payload = readFully((int) size, deadline, "a frame payload");
        byte[] end = readFully(1, deadline, "a frame end");
        if ((end[0] & 0xFF) != AmqpFrames.FRAME_END) {
            throw new PeerExpectationException("The client ended a frame with " + (end[0] & 0xFF) + ", not 0xCE");
        }
        InboundFrame frame = new InboundFrame(type, channel, payload);
        received.add(frame);
        return frame;
    }

    /**
     * Reads frames up to the method {@code classAndMethod} ({@code classId * 1000 + methodId}, see the constants of
     * {@link AmqpFrames}), skipping heartbeats.
     *
     * @return the method frame
     * @throws PeerExpectationException when another frame arrives first, or none within the bound
     */
    public InboundFrame expectMethod(int classAndMethod, Duration timeout) {
        long deadline = deadline(timeout);
        while (true) {
            InboundFrame frame = readFrame(remaining(deadline));
            if (frame.type() == AmqpFrames.FRAME_HEARTBEAT) {
                continue;
            }
            if (!frame.isMethod(classAndMethod)) {
                throw new PeerExpectationException("Expected method " + (classAndMethod / 1000) + "."
                        + (classAndMethod % 1000) + ", received " + frame);
            }
            return frame;
        }
    }

    /**
     * Plays the broker's side of the connection handshake: protocol header in, {@code Connection.Start} out,
     * {@code StartOk} in, {@code Tune} out (the given proposal), {@code TuneOk} and {@code Open} in, {@code OpenOk}
     * out. Each step within {@link #DEFAULT_TIMEOUT}.
     */
    public void handshake(int channelMax, long frameMax, int heartbeatSeconds) {
        expectProtocolHeader(DEFAULT_TIMEOUT);
        send(AmqpFrames.connectionStart());
        expectMethod(AmqpFrames.CONNECTION_START_OK, DEFAULT_TIMEOUT);
        send(AmqpFrames.connectionTune(channelMax, frameMax, heartbeatSeconds));
        expectMethod(AmqpFrames.CONNECTION_TUNE_OK, DEFAULT_TIMEOUT);
        expectMethod(AmqpFrames.CONNECTION_OPEN, DEFAULT_TIMEOUT);
        send(AmqpFrames.connectionOpenOk());
    }

    /**
     * Waits for {@code Channel.Open} and answers {@code Channel.OpenOk}.
     *
     * @return the channel number the client opened
     */
    public int acceptChannel() {
        InboundFrame open = expectMethod(AmqpFrames.CHANNEL_OPEN, DEFAULT_TIMEOUT);
        send(AmqpFrames.channelOpenOk(open.channel()));
        return open.channel();
    }

    /**
     * Waits for {@code Basic.Consume} on {@code channel} and answers {@code Basic.ConsumeOk}.
     *
     * @return the consumer tag: the client's, or {@code "ctag-peer"} when it asked the server to choose
     */
    public String acceptConsume(int channel) {
        InboundFrame consume = expectMethod(AmqpFrames.BASIC_CONSUME, DEFAULT_TIMEOUT);
        if (consume.channel() != channel) {
            throw new PeerExpectationException(
                    "Basic.Consume arrived on channel " + consume.channel() + ", not " + channel);
        }
        String tag = consume.consumeTag().isEmpty() ? "ctag-peer" : consume.consumeTag();
        send(AmqpFrames.basicConsumeOk(channel, tag));
        return tag;
    }

    /**
     * Writes bytes and flushes them.
     *
     * @throws PeerExpectationException when the client has closed the stream
     */
    public void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new PeerExpectationException(
                    "Could not send " + bytes.length + " bytes: the client closed the" + " stream (" + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * Writes bytes one at a time with {@code interval} between them (a slowloris peer), until all are sent or the
     * client closes the stream.
     *
     * @return how many bytes were written before the client closed the stream (all of them when it did not)
     */
    public int sendSlowly(byte[] bytes, Duration interval) throws InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException e) {
                return i;
            }
            if (i + 1 < bytes.length) {
                TimeUnit.NANOSECONDS.sleep(interval.toNanos());
            }
        }
        return bytes.length;
    }

    /**
     * Reads (and keeps) frames until the client closes the stream, by FIN or RST.
     *
     * @return the frames that arrived before the end, possibly none
     * @throws PeerExpectationException when the stream is still open after the bound
     */
    public List<InboundFrame> awaitEndOfStream(Duration timeout) {
        long deadline = deadline(timeout);
        List<InboundFrame> frames = new ArrayList<>();
        while (true) {
            try {
                frames.add(readFrame(remaining(deadline)));
            } catch (PeerExpectationException e) {
                if (e.getCause() instanceof EOFException || e.getCause() instanceof SocketException) {
                    return frames;
                }
                throw e;
            }
        }
    }

    /** Closes the socket. Any thread; idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }

    private byte[] readFully(int length, long deadline, String what) {
        byte[] buffer = new byte[length];
        int filled = 0;
        while (filled < length) {
            int read;
            try {
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                read = in.read(buffer, filled, length - filled);
            } catch (SocketTimeoutException e) {
                throw new PeerExpectationException(
                        "Timed out waiting for " + what + " from the client (" + filled + " of " + length
                                + " bytes arrived)",
                        e);
            } catch (IOException e) {
                throw new PeerExpectationException(
                        "The client's stream failed while waiting for " + what + ": " + e, e);
            }
            if (read < 0) {
                throw new PeerExpectationException(
                        "The client closed the stream while the peer waited for " + what,
                        new EOFException("end of stream after " + filled + " of " + length + " bytes"));
            }
            filled += read;
        }
        return buffer;
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    @Override
    public String toString() {
        return "PeerSession#" + index + "[" + socket.getRemoteSocketAddress() + "]";
    }
}
