package dev.pika.testing.peer;

/**
 * What a {@link ScriptedPeer} does with one accepted connection: read the protocol header, send hand-built frames,
 * expect the client's frames, wait, and return to close the socket.
 *
 * <pre>{@code
 * PeerScript script = session -> {
 *     session.handshake(2047, 4096, 0);                 // up to Connection.OpenOk
 *     session.send(AmqpFrames.frame(AmqpFrames.FRAME_HEARTBEAT, 0, new byte[0], 0x00));  // a bad frame end
 *     InboundFrame close = session.expectMethod(AmqpFrames.CONNECTION_CLOSE, Duration.ofSeconds(10));
 *     session.send(AmqpFrames.connectionCloseOk());
 *     session.awaitEndOfStream(Duration.ofSeconds(10));
 * };
 * }</pre>
 *
 * <p>Runs on the session's own thread; it may throw anything, which {@link ScriptedPeer#awaitScripts} reports.
 */
@FunctionalInterface
public interface PeerScript {

    /**
     * Plays the broker's part on one connection; the socket is closed when this returns.
     *
     * @param session the accepted connection
     * @throws Exception when the client did not behave as the script expects
     */
    void run(PeerSession session) throws Exception;
}
