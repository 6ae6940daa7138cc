/**
 * A scripted fake broker for tests of what a client does when the peer misbehaves: {@link
 * dev.pika.testing.peer.ScriptedPeer} accepts loopback connections and runs a {@link dev.pika.testing.peer.PeerScript}
 * for each ({@link dev.pika.testing.peer.PeerSession}: read the protocol header and frames with a bound, send bytes,
 * wait for the end of the stream); {@link dev.pika.testing.peer.AmqpFrames} and {@link
 * dev.pika.testing.peer.PayloadWriter} build frames by hand, honest or broken, independent of the client's codec.
 */
package dev.pika.testing.peer;
