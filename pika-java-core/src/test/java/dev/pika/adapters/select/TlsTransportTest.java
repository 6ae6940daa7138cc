package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.io.StreamConnectRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsTransportTest extends TransportTestBase {

    private static TestPki.Identity ca;
    private static TestPki.Identity otherCa;
    private static TestPki.Identity serverIdentity;
    private static TestPki.Identity clientIdentity;

    /** What the in-test TLS server saw of one connection. */
    private final CompletableFuture<List<SNIServerName>> sniSeen = new CompletableFuture<>();

    private final CompletableFuture<String> clientCertificateSeen = new CompletableFuture<>();

    @BeforeAll
    static void makePki() throws Exception {
        ca = TestPki.certificateAuthority("pika test CA");
        otherCa = TestPki.certificateAuthority("some other CA");
        serverIdentity = TestPki.server(ca);
        clientIdentity = TestPki.client(ca, "pika-client");
    }

    /** A TLS echo server presenting the server certificate; {@code protocol} null allows the defaults. */
    private EchoServer tlsServer(String protocol, boolean needClientAuth) throws Exception {
        SSLContext serverContext = TestPki.context(serverIdentity, ca.certificate());
        return closeLater(new EchoServer(
                socket -> {
                    SSLSocket tls = (SSLSocket) socket;
                    try {
                        tls.startHandshake();
                    } catch (IOException e) {
                        sniSeen.completeExceptionally(e);
                        clientCertificateSeen.completeExceptionally(e);
                        throw e;
                    }
                    sniSeen.complete(((ExtendedSSLSession) tls.getSession()).getRequestedServerNames());
                    if (needClientAuth) {
                        X509Certificate peer =
                                (X509Certificate) tls.getSession().getPeerCertificates()[0];
                        clientCertificateSeen.complete(
                                peer.getSubjectX500Principal().getName());
                    }
                    EchoServer.echo(socket);
                },
                address -> {
                    try {
                        SSLServerSocket server = (SSLServerSocket)
                                serverContext.getServerSocketFactory().createServerSocket();
                        server.bind(address);
                        if (protocol != null) {
                            server.setEnabledProtocols(new String[] {protocol});
                        }
                        server.setNeedClientAuth(needClientAuth);
                        return server;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    private static StreamConnectRequest.Builder tls(InetSocketAddress address, SSLContext context) {
        return StreamConnectRequest.builder(address).sslContext(context);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aVerifiedSessionEchoesLargePayloadsByteExact(String protocolVersion) throws Exception {
        EchoServer server = tlsServer(protocolVersion, false);
        StreamConnectRequest request = tls(server.address(), TestPki.context(null, ca.certificate()))
                .serverName("localhost")
                .build();
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(request, protocol);
        byte[] payload = randomBytes(4 * 1024 * 1024 + 3, 13);

        Loops.onLoop(loop, () -> {
            for (int offset = 0; offset < payload.length; offset += 100_000) {
                transport.write(payload, offset, Math.min(100_000, payload.length - offset));
            }
        });

        assertThat(protocol.awaitReceived(payload.length)).isEqualTo(payload);
        assertThat(protocol.allViewsReadOnly()).isTrue();
        assertThat(transport.sslSession().getProtocol()).isEqualTo(protocolVersion);
        assertThat(transport.sslSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
        assertThat(Loops.await(sniSeen))
                .extracting(name -> new String(name.getEncoded()))
                .containsExactly("localhost");
        assertThat(Loops.onLoop(loop, transport::writeBufferSize)).isZero();
    }

    @Test
    void anAddressLiteralIsVerifiedAgainstTheIpSubjectAltNameAndSendsNoSni() throws Exception {
        EchoServer server = tlsServer(null, false);
        InetSocketAddress numeric = new InetSocketAddress(
                InetAddress.getByName("127.0.0.1"), server.address().getPort());
        RecordingProtocol protocol = new RecordingProtocol();

        AbstractStreamTransport transport =
                open(tls(numeric, TestPki.context(null, ca.certificate())).build(), protocol);
        Loops.onLoop(loop, () -> transport.write(new byte[] {42}, 0, 1));

        assertThat(protocol.awaitReceived(1)).containsExactly(42);
        assertThat(Loops.await(sniSeen)).isEmpty();
    }

    @Test
    void sniCanBeTurnedOffAndTheProtocolsAndCipherSuitesRestricted() throws Exception {
        EchoServer server = tlsServer(null, false);
        String suite = "TLS_AES_256_GCM_SHA384";
        StreamConnectRequest request = tls(server.address(), TestPki.context(null, ca.certificate()))
                .serverName("localhost")
                .serverNameIndication(false)
                .tlsProtocols(List.of("TLSv1.3"))
                .tlsCipherSuites(List.of(suite))
                .build();
        RecordingProtocol protocol = new RecordingProtocol();

        AbstractStreamTransport transport = open(request, protocol);
        Loops.onLoop(loop, () -> transport.write(new byte[] {7}, 0, 1));

        assertThat(protocol.awaitReceived(1)).containsExactly(7);
        assertThat(Loops.await(sniSeen)).isEmpty();
        assertThat(transport.sslSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(transport.sslSession().getCipherSuite()).isEqualTo(suite);
        assertThat(transport.sslSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void aCertificateForAnotherHostIsRejected() throws Exception {
        EchoServer server = tlsServer(null, false);
        StreamConnectRequest request = tls(server.address(), TestPki.context(null, ca.certificate()))
                .serverName("not-this-host.invalid")
                .build();
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error = failureOf(connect(request, protocol));

        assertThat(error).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("not-this-host.invalid");
        assertThat(protocol.events()).isEmpty();
        assertThat(Loops.onLoop(loop, loop::resourceCount)).isZero();
        assertThat(Loops.onLoop(
                        loop,
                        () -> loop.selector().keys().stream()
                                .filter(java.nio.channels.SelectionKey::isValid)
                                .count()))
                .isZero();
    }

    @Test
    void hostnameVerificationCanBeTurnedOffWhileTheChainIsStillVerified() throws Exception {
        EchoServer server = tlsServer(null, false);
        StreamConnectRequest request = tls(server.address(), TestPki.context(null, ca.certificate()))
                .serverName("not-this-host.invalid")
                .verifyHostname(false)
                .build();
        RecordingProtocol protocol = new RecordingProtocol();

        AbstractStreamTransport transport = open(request, protocol);

        assertThat(transport.sslSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void aServerSignedByAnUntrustedAuthorityIsRejected() throws Exception {
        EchoServer server = tlsServer(null, false);
        StreamConnectRequest request = tls(server.address(), TestPki.context(null, otherCa.certificate()))
                .serverName("localhost")
                .build();
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error = failureOf(connect(request, protocol));

        assertThat(error).isInstanceOf(SSLHandshakeException.class);
        assertThat(protocol.events()).isEmpty();
    }

    @Test
    void theClientCertificateIsPresentedWhenConfigured() throws Exception {
        EchoServer server = tlsServer(null, true);
        StreamConnectRequest request = tls(server.address(), TestPki.context(clientIdentity, ca.certificate()))
                .serverName("localhost")
                .build();
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(request, protocol);

        Loops.onLoop(loop, () -> transport.write(new byte[] {7, 8}, 0, 2));

        assertThat(protocol.awaitReceived(2)).containsExactly(7, 8);
        assertThat(Loops.await(clientCertificateSeen)).isEqualTo("CN=pika-client");
        assertThat(transport.sslSession().getLocalCertificates()).hasSize(2);
    }

    @Test
    void closeSendsBufferedDataAndCloseNotify() throws Exception {
        CompletableFuture<byte[]> serverGot = new CompletableFuture<>();
        SSLContext serverContext = TestPki.context(serverIdentity);
        EchoServer server = closeLater(new EchoServer(
                socket -> serverGot.complete(socket.getInputStream().readAllBytes()), address -> {
                    try {
                        ServerSocket socket =
                                serverContext.getServerSocketFactory().createServerSocket();
                        socket.bind(address);
                        return socket;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(
                tls(server.address(), TestPki.context(null, ca.certificate()))
                        .serverName("localhost")
                        .build(),
                protocol);

        Loops.onLoop(loop, () -> {
            transport.write("close-ok".getBytes(), 0, 8);
            transport.close();
        });

        // readAllBytes() returns only at a clean end: SSLSocket reports close_notify as end of stream.
        assertThat(new String(Loops.await(serverGot))).isEqualTo("close-ok");
        assertThat(Loops.await(protocol.lost)).isEmpty();
    }

    @Test
    void thePeerClosingReportsEofThenLoss() throws Exception {
        SSLContext serverContext = TestPki.context(serverIdentity);
        EchoServer server = closeLater(new EchoServer(
                socket -> {
                    socket.getOutputStream().write(new byte[] {1, 2, 3});
                    socket.getOutputStream().flush();
                },
                address -> {
                    try {
                        ServerSocket socket =
                                serverContext.getServerSocketFactory().createServerSocket();
                        socket.bind(address);
                        return socket;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        RecordingProtocol protocol = new RecordingProtocol();
        open(
                tls(server.address(), TestPki.context(null, ca.certificate()))
                        .serverName("localhost")
                        .build(),
                protocol);

        assertThat(protocol.awaitReceived(3)).containsExactly(1, 2, 3);
        assertThat(Loops.await(protocol.lost)).isEmpty();
        assertThat(protocol.events()).containsExactly("made", "eof", "lost");
    }

    @Test
    void aPeerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        CompletableFuture<Void> released = new CompletableFuture<>();
        closeLater(() -> released.complete(null));
        EchoServer silent = closeLater(new EchoServer(socket -> {
            released.join(); // accepts TCP, never speaks TLS
        }));
        StreamConnectRequest request = tls(silent.address(), TestPki.context(null, ca.certificate()))
                .serverName("localhost")
                .connectTimeout(Duration.ofMillis(300))
                .build();
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error = failureOf(connect(request, protocol));

        assertThat(error)
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("the TLS handshake with " + silent.address());
        assertThat(protocol.events()).isEmpty();
    }

    @Test
    void aPlainServerFailsTheHandshake() throws Exception {
        EchoServer plainServer = closeLater(new EchoServer(socket -> {
            socket.getOutputStream().write("AMQP this is not TLS".getBytes());
            socket.getOutputStream().flush();
        }));
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error = failureOf(connect(
                tls(plainServer.address(), TestPki.context(null, ca.certificate()))
                        .serverName("localhost")
                        .build(),
                protocol));

        assertThat(error).isInstanceOf(SSLException.class);
        assertThat(Arrays.asList(protocol.events().toArray())).isEmpty();
    }
}
