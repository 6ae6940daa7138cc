package dev.pika.adapters.select;

import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A {@link StreamProtocol} that records what its transport tells it; readable from any thread. */
class RecordingProtocol implements StreamProtocol {

    final CompletableFuture<StreamTransport> made = new CompletableFuture<>();
    final CompletableFuture<Optional<Throwable>> lost = new CompletableFuture<>();
    final AtomicInteger lostCalls = new AtomicInteger();
    final AtomicInteger eofCalls = new AtomicInteger();
    final AtomicInteger drainedCalls = new AtomicInteger();
    final AtomicInteger lostCallsInsideAbort = new AtomicInteger();
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Boolean> readOnlyViews = new ArrayList<>();
    volatile boolean insideAbort;
    volatile Consumer<ByteBuffer> onData;

    @Override
    public void connectionMade(StreamTransport transport) {
        record("made");
        made.complete(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        synchronized (this) {
            readOnlyViews.add(data.isReadOnly());
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            received.writeBytes(bytes);
            notifyAll();
        }
        Consumer<ByteBuffer> hook = onData;
        if (hook != null) {
            hook.accept(data);
        }
    }

    @Override
    public void eofReceived() {
        record("eof");
        eofCalls.incrementAndGet();
    }

    @Override
    public void connectionLost(Throwable errorOrNull) {
        record("lost");
        if (insideAbort) {
            lostCallsInsideAbort.incrementAndGet();
        }
        lostCalls.incrementAndGet();
        lost.complete(Optional.ofNullable(errorOrNull));
    }

    @Override
    public void writeBufferDrained() {
        record("drained");
        drainedCalls.incrementAndGet();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized boolean allViewsReadOnly() {
        return !readOnlyViews.isEmpty() && !readOnlyViews.contains(false);
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    synchronized int receivedCount() {
        return received.size();
    }

    /** Waits until {@code count} bytes arrived and returns them all. */
    synchronized byte[] awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Loops.TIMEOUT.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "received " + received.size() + " of " + count + " bytes within " + Loops.TIMEOUT);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return received.toByteArray();
    }
}
