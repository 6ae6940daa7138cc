package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.ExternalCredentials;
import dev.pika.SslOptions;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException.Phase;
import dev.pika.spec.Connection.StartOk;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqNode;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS ({@code amqps}) against a broker whose certificate comes from a CA this test makes: a verified connection
 * opens and carries messages, a certificate for another host name is rejected (and accepted once host name
 * verification is off, the chain still verified), a server signed by an unknown CA is rejected, and a client
 * certificate authenticates with SASL EXTERNAL.
 *
 * <p>The TLS peer: a RabbitMQ node of the test's own ({@link LocalRabbitMqNode}) with a TLS listener and the {@code
 * rabbitmq_auth_mechanism_ssl} plugin, where RabbitMQ is installed; otherwise in-test peers: a TLS-terminating proxy
 * in front of the test broker, and a scripted AMQP peer that offers EXTERNAL and requires a client certificate. Force
 * one with {@code -Dpika.test.tlsPeer=node} or {@code -Dpika.test.tlsPeer=in-test}.
 */
@PikaIntegrationTest
class TlsIT {

    private static TestBroker broker;
    private static TestPki.Identity ca;
    private static TestPki.Identity otherCa;
    private static TestPki.Identity server;
    private static TestPki.Identity client;
    private static String clientName;
    private static LocalRabbitMqNode node;
    private static TlsTerminatingProxy proxy;
    private static FakeBroker externalPeer;
    /** Where plain-credential TLS connections go, and where EXTERNAL ones go. */
    private static int tlsPort;

    private static int externalPort;

    @BeforeAll
    static void startTlsPeers() throws Exception {
        ca = TestPki.certificateAuthority("pika-java TlsIT CA");
        otherCa = TestPki.certificateAuthority("an unrelated CA");
        server = TestPki.server(ca);
        clientName = "pika-tls-client-" + UUID.randomUUID().toString().substring(0, 8);
        client = TestPki.client(ca, clientName);
        String mode = System.getProperty("pika.test.tlsPeer", "auto").toLowerCase(Locale.ROOT);
        String unavailable = LocalRabbitMqNode.unavailableReason();
        boolean useNode = mode.equals("node") || (mode.equals("auto") && unavailable == null);
        if (useNode) {
            startNode();
            System.out.println("[pika-test] TlsIT: TLS peer is a private RabbitMQ node, " + node);
        } else {
            proxy = new TlsTerminatingProxy(TestPki.context(server, ca.certificate()), broker.host(), broker.port());
            externalPeer =
                    FakeBroker.tls(FakeBroker.Behaviour.OPEN, TestPki.context(server, ca.certificate()), "EXTERNAL");
            tlsPort = proxy.port();
            externalPort = externalPeer.port();
            System.out.println("[pika-test] TlsIT: TLS peers are in-test (a TLS proxy in front of "
                    + broker.description() + ", a scripted EXTERNAL peer)"
                    + (unavailable == null ? "" : ": " + unavailable));
        }
    }

    private static void startNode() throws Exception {
        int port = LocalRabbitMqNode.freeLoopbackPort();
        node = LocalRabbitMqNode.start(
                "tls",
                LocalRabbitMqNode.Options.defaults()
                        .file("ca.pem", TestPki.pem(ca.certificate()))
                        .file("server.pem", TestPki.pem(server.certificate()))
                        .file("server.key", TestPki.pem(server.key()))
                        .config("listeners.ssl.1 = 127.0.0.1:" + port)
                        .config("ssl_options.cacertfile = {dir}/ca.pem")
                        .config("ssl_options.certfile = {dir}/server.pem")
                        .config("ssl_options.keyfile = {dir}/server.key")
                        .config("ssl_options.verify = verify_peer")
                        .config("ssl_options.fail_if_no_peer_cert = false")
                        .config("auth_mechanisms.1 = PLAIN")
                        .config("auth_mechanisms.2 = AMQPLAIN")
                        .config("auth_mechanisms.3 = EXTERNAL")
                        .config("ssl_cert_login_from = common_name")
                        .plugin("rabbitmq_auth_mechanism_ssl"));
        node.ctl().run("add_user", clientName, UUID.randomUUID().toString());
        node.ctl().run("set_permissions", "-p", "/", clientName, ".*", ".*", ".*");
        tlsPort = port;
        externalPort = port;
    }

    @AfterAll
    static void stopTlsPeers() throws Exception {
        if (node != null) {
            node.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (externalPeer != null) {
            externalPeer.close();
        }
    }

    /** Plain credentials over TLS to the TLS peer, trusting {@code trusted}. */
    private static ConnectionParameters.Builder tls(SslOptions ssl) {
        ConnectionParameters.Builder builder = ConnectionParameters.builder()
                .host("localhost")
                .port(tlsPort)
                .sslOptions(ssl)
                .connectionName("pika-tls-it-" + UUID.randomUUID());
        if (node == null) {
            builder.credentials(new dev.pika.PlainCredentials(broker.username(), broker.password()))
                    .virtualHost(broker.virtualHost());
        }
        return builder;
    }

    private static SslOptions trustingTheTestCa() throws Exception {
        return SslOptions.builder()
                .trustCertificatesPem(TestPki.pem(ca.certificate()))
                .build();
    }

    private static AmqpConnectionException openError(ConnectionParameters params) {
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                params,
                (Connection opened) -> failed.completeExceptionally(new AssertionError("opened: " + opened)),
                (c, error) -> failed.complete(error),
                null);
        connection.ioloop().startInBackground();
        try {
            return Loops.await(failed);
        } finally {
            connection.ioloop().close();
        }
    }

    @Test
    void aVerifiedConnectionOpensAndCarriesMessages() throws Exception {
        try (LiveConnection live = LiveConnection.open(tls(trustingTheTestCa()).build())) {
            Channel channel = live.channel();
            String queue = live.await(() -> channel.queueDeclare("", false, true, true, false, null))
                    .queue();
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            byte[] body = RoundTripIT.body(200_000);
            live.run(() -> {
                channel.basicConsume(queue, (ch, method, properties, bytes) -> received.complete(bytes), true);
                channel.basicPublish("", queue, body);
            });

            assertThat(Loops.await(received)).isEqualTo(body);
        }
    }

    @Test
    void aDirectBufferBodySentInPlaceIsEncryptedWhole() throws Exception {
        try (LiveConnection live = LiveConnection.open(tls(trustingTheTestCa()).build())) {
            Channel channel = live.channel();
            live.await(channel::confirmDelivery);
            String queue = live.await(() -> channel.queueDeclare("", false, true, true, false, null))
                    .queue();
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            byte[] body = RoundTripIT.body(1024 * 1024 + 5);
            ByteBuffer buffer = ByteBuffer.allocateDirect(body.length).put(body).flip();
            live.run(() ->
                    channel.basicConsume(queue, (ch, method, properties, bytes) -> received.complete(bytes), true));
            live.await(() -> channel.basicPublishConfirmed("", queue, buffer, null, false));

            assertThat(Loops.await(received)).isEqualTo(body);
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRejected() throws Exception {
        SslOptions wrongName = trustingTheTestCa().toBuilder()
                .serverHostname("not-the-broker.example")
                .build();

        AmqpConnectionException error = openError(tls(wrongName).build());

        assertThat(error)
                .isInstanceOfSatisfying(
                        AmqpConnectionWorkflowFailedException.class,
                        failed -> assertThat(failed.attempts()).singleElement().satisfies(attempt -> {
                            assertThat(attempt.phase()).isEqualTo(Phase.CONNECT);
                            assertThat(attempt.cause())
                                    .isInstanceOf(SSLHandshakeException.class)
                                    .hasMessageContaining("not-the-broker.example");
                        }));
    }

    @Test
    void withoutHostNameVerificationTheChainIsStillVerified() throws Exception {
        SslOptions wrongNameUnchecked = trustingTheTestCa().toBuilder()
                .serverHostname("not-the-broker.example")
                .verifyHostname(false)
                .build();
        try (LiveConnection live = LiveConnection.open(tls(wrongNameUnchecked).build())) {
            assertThat(live.connection.isOpen()).isTrue();
        }

        SslOptions untrusted = SslOptions.builder()
                .trustCertificatesPem(TestPki.pem(otherCa.certificate()))
                .verifyHostname(false)
                .build();
        AmqpConnectionException error = openError(tls(untrusted).build());
        assertThat(error.getCause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aClientCertificateAuthenticatesWithExternal() throws Exception {
        SslOptions withClientCertificate = SslOptions.builder()
                .context(TestPki.context(client, ca.certificate()))
                .build();
        ConnectionParameters params = ConnectionParameters.builder()
                .host("localhost")
                .port(externalPort)
                .sslOptions(withClientCertificate)
                .credentials(new ExternalCredentials())
                .connectionName("pika-tls-external-" + UUID.randomUUID())
                .build();

        try (LiveConnection live = LiveConnection.open(params)) {
            assertThat(live.connection.isOpen()).isTrue();
            if (node != null) {
                // RabbitMQ checks user_id against the authenticated user: the certificate's CN
                Channel channel = live.channel();
                live.await(channel::confirmDelivery);
                String queue = live.await(() -> channel.queueDeclare("", false, true, true, false, null))
                        .queue();
                live.await(() -> channel.basicPublishConfirmed(
                        "",
                        queue,
                        new byte[] {1},
                        BasicProperties.builder().userId(clientName).build()));
            } else {
                assertThat(externalPeer.clientCertificates()).containsExactly("CN=" + clientName);
                assertThat(externalPeer.received())
                        .filteredOn(StartOk.class::isInstance)
                        .singleElement()
                        .satisfies(method ->
                                assertThat(((StartOk) method).mechanism()).isEqualTo("EXTERNAL"));
            }
        }
    }
}
