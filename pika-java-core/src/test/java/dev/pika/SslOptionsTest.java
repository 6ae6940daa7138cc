package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SslOptionsTest {

    @TempDir
    static Path directory;

    static TlsTestMaterial material;
    static SSLContext serverContext;
    static SSLContext mutualServerContext;

    @BeforeAll
    static void createKeyMaterial() throws Exception {
        material = new TlsTestMaterial(directory);
        serverContext = SslOptions.builder()
                .keyStore(material.serverP12, TlsTestMaterial.STORE_PASSWORD)
                .build()
                .context();
        mutualServerContext = SslOptions.builder()
                .keyStore(material.serverP12, TlsTestMaterial.STORE_PASSWORD)
                .trustCertificates(material.clientCertPem)
                .build()
                .context();
    }

    private static void connect(SslOptions client, String host) throws Exception {
        TlsTestMaterial.handshake(
                client.createSslEngine(host, 5671), TlsTestMaterial.serverEngine(serverContext, false));
    }

    private static SSLEngine connectMutual(SslOptions client) throws Exception {
        SSLEngine server = TlsTestMaterial.serverEngine(mutualServerContext, true);
        TlsTestMaterial.handshake(client.createSslEngine("localhost", 5671), server);
        return server;
    }

    @Test
    void trustsAServerThroughAJksTrustStore() {
        SslOptions options = SslOptions.builder()
                .trustStore(material.trustJks, TlsTestMaterial.STORE_PASSWORD)
                .build();

        assertThatCode(() -> connect(options, "localhost")).doesNotThrowAnyException();
    }

    @Test
    void trustsAServerThroughAPkcs12StoreOrAPemCertificate() {
        SslOptions pkcs12 = SslOptions.builder()
                .trustStore(material.serverP12, TlsTestMaterial.STORE_PASSWORD, "PKCS12")
                .build();
        SslOptions pem =
                SslOptions.builder().trustCertificates(material.serverCertPem).build();
        SslOptions inline = SslOptions.builder()
                .trustCertificatesPem(readString(material.serverCertPem))
                .build();

        assertThatCode(() -> connect(pkcs12, "localhost")).doesNotThrowAnyException();
        assertThatCode(() -> connect(pem, "localhost")).doesNotThrowAnyException();
        assertThatCode(() -> connect(inline, "localhost")).doesNotThrowAnyException();
    }

    @Test
    void theJdkDefaultTrustRefusesASelfSignedServer() {
        assertThatThrownBy(() -> connect(SslOptions.defaults(), "localhost")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void verifiesTheHostNameAgainstTheCertificate() {
        SslOptions options =
                SslOptions.builder().trustCertificates(material.serverCertPem).build();

        assertThatCode(() -> connect(options, "127.0.0.1")).doesNotThrowAnyException(); // IP SAN
        assertThatThrownBy(() -> connect(options, "rabbit.example.com"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("rabbit.example.com");
        SslOptions overridden = options.toBuilder().serverHostname("localhost").build();
        assertThatCode(() -> connect(overridden, "rabbit.example.com")).doesNotThrowAnyException();
        SslOptions unchecked = options.toBuilder().verifyHostname(false).build();
        assertThatCode(() -> connect(unchecked, "rabbit.example.com")).doesNotThrowAnyException();
    }

    @Test
    void verifyPeerFalseAcceptsAnyServer() {
        SslOptions options = SslOptions.builder().verifyPeer(false).build();

        assertThat(options.verifyHostname()).isFalse();
        assertThatCode(() -> connect(options, "rabbit.example.com")).doesNotThrowAnyException();
    }

    @Test
    void mutualTlsWithAClientKeyStore() throws Exception {
        SslOptions client = SslOptions.builder()
                .trustCertificates(material.serverCertPem)
                .keyStore(material.clientP12, TlsTestMaterial.STORE_PASSWORD)
                .build();

        SSLEngine server = connectMutual(client);

        assertThat(server.getSession().getPeerPrincipal().getName()).isEqualTo("CN=pika-client");
    }

    @Test
    void mutualTlsWithPemCertificateAndPkcs8OrSec1Key() throws Exception {
        SslOptions.Builder base = SslOptions.builder().trustCertificates(material.serverCertPem);

        for (Path key : List.of(material.clientKeyPkcs8, material.clientKeySec1)) {
            SslOptions client =
                    base.keyCertificateChain(material.clientCertPem, key, null).build();
            assertThat(connectMutual(client).getSession().getPeerPrincipal().getName())
                    .as("client key %s", key.getFileName())
                    .isEqualTo("CN=pika-client");
        }
        SslOptions combined =
                base.keyCertificateChain(material.clientCombinedPem).build();
        assertThat(connectMutual(combined).getSession().getPeerPrincipal().getName())
                .isEqualTo("CN=pika-client");
    }

    @Test
    void aServerWithoutTheClientCertificateIsRefused() {
        SslOptions client =
                SslOptions.builder().trustCertificates(material.serverCertPem).build();

        assertThatThrownBy(() -> connectMutual(client)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void serverKeysInPkcs1EncryptedPkcs8AndJks() {
        SslOptions trust =
                SslOptions.builder().trustCertificates(material.serverCertPem).build();
        List<SslOptions> servers = List.of(
                SslOptions.builder()
                        .keyCertificateChain(material.serverCertPem, material.serverKeyPkcs1, null)
                        .build(),
                SslOptions.builder()
                        .keyCertificateChain(material.serverCertPem, material.serverKeyPkcs8, null)
                        .build(),
                SslOptions.builder()
                        .keyCertificateChain(
                                material.serverCertPem, material.serverKeyEncrypted, TlsTestMaterial.KEY_PASSWORD)
                        .build(),
                SslOptions.builder()
                        .keyStore(
                                material.serverJks, TlsTestMaterial.STORE_PASSWORD, TlsTestMaterial.KEY_PASSWORD, null)
                        .build());

        for (SslOptions server : servers) {
            assertThatCode(() -> TlsTestMaterial.handshake(
                            trust.createSslEngine("localhost", 5671),
                            TlsTestMaterial.serverEngine(server.context(), false)))
                    .as("server %s", server)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void errorsNameTheFileAndNeverThePassword() {
        Path missing = directory.resolve("missing.p12");
        assertThatThrownBy(() -> SslOptions.builder().trustStore(missing, "pw").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sslOptions: trust store file " + missing + " does not exist or is not a readable file");
        assertThatThrownBy(() -> SslOptions.builder()
                        .keyStore(material.clientP12, "wrong-secret")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sslOptions: cannot read key store " + material.clientP12 + " (type PKCS12): ")
                .hasMessageEndingWith("; check the path, the type and the password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret"));
        assertThatThrownBy(() -> SslOptions.builder()
                        .keyCertificateChain(material.serverCertPem, material.serverKeyEncrypted, "bad-password")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sslOptions file " + material.serverKeyEncrypted
                        + ": cannot decrypt the private key (wrong password or unsupported encryption)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("bad-password"));
        assertThatThrownBy(() -> SslOptions.builder()
                        .keyCertificateChain(material.serverCertPem, material.serverKeyEncrypted, null)
                        .build())
                .hasMessage("sslOptions file " + material.serverKeyEncrypted
                        + ": the private key is encrypted; give its password (keyPassword / 'password')");
        assertThatThrownBy(() -> SslOptions.builder()
                        .trustCertificates(material.serverKeyPkcs8)
                        .build())
                .hasMessage("sslOptions file " + material.serverKeyPkcs8
                        + ": no certificate found; expected PEM blocks '-----BEGIN CERTIFICATE-----'");
        assertThatThrownBy(() -> SslOptions.builder()
                        .keyCertificateChain(material.clientCertPem, material.clientCertPem, null)
                        .build())
                .hasMessage("sslOptions file " + material.clientCertPem
                        + ": no private key found; expected a PEM block like '-----BEGIN PRIVATE KEY-----'");
        assertThatThrownBy(() -> SslOptions.builder()
                        .keyCertificateChain(material.clientCertPem, material.serverKeyPkcs8, null)
                        .build())
                .hasMessage("sslOptions: the private key " + material.serverKeyPkcs8
                        + " does not fit the certificate chain " + material.clientCertPem
                        + " (its first certificate must be the one of this key)");
    }

    @Test
    void legacyEncryptedPemKeysAreRefusedWithAHint() throws Exception {
        Path legacy = directory.resolve("legacy.pem");
        Files.writeString(
                legacy,
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                        + "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SslOptions.builder()
                        .keyCertificateChain(material.clientCertPem, legacy, "x")
                        .build())
                .hasMessageContaining("legacy OpenSSL-encrypted keys")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aSuppliedContextExcludesFiles() {
        SSLContext context = serverContext;
        assertThat(SslOptions.of(context).context()).isSameAs(context);
        assertThat(SslOptions.of(context).contextSupplied()).isTrue();
        assertThatThrownBy(() -> SslOptions.builder()
                        .context(context)
                        .trustCertificates(material.serverCertPem)
                        .build())
                .hasMessage("sslOptions: context(SSLContext) excludes trust stores, key stores, PEM files and"
                        + " verifyPeer(false); configure them on the SSLContext, or drop context(...)");
    }

    @Test
    void sslParametersCarrySniHostnameCheckProtocolsAndSuites() {
        SslOptions options = SslOptions.builder()
                .protocols("TLSv1.3", "TLSv1.2")
                .cipherSuites("TLS_AES_128_GCM_SHA256")
                .build();

        SSLParameters parameters = options.sslParameters("rabbit.example.com");

        assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("rabbit.example.com"));
        assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(parameters.getCipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
        assertThat(options.sslParameters("10.0.0.1").getServerNames()).isNullOrEmpty();
        assertThat(options.sslParameters("::1").getServerNames()).isNullOrEmpty();
        assertThat(options.toBuilder()
                        .serverNameIndication(false)
                        .build()
                        .sslParameters("h")
                        .getServerNames())
                .isNullOrEmpty();
        assertThat(options.toBuilder()
                        .serverHostname("sni.example")
                        .build()
                        .sslParameters("10.0.0.1")
                        .getServerNames())
                .containsExactly(new SNIHostName("sni.example"));
        assertThat(options.toBuilder()
                        .verifyHostname(false)
                        .build()
                        .sslParameters("h")
                        .getEndpointIdentificationAlgorithm())
                .isNull();

        SSLEngine engine = options.createSslEngine("rabbit.example.com", 5671);
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getPeerHost()).isEqualTo("rabbit.example.com");
        assertThat(engine.getPeerPort()).isEqualTo(5671);
    }

    @Test
    void unknownProtocolsAndSuitesAreRefused() {
        assertThatThrownBy(() -> SslOptions.builder()
                        .cipherSuites("ECDHE-RSA-AES128-GCM-SHA256")
                        .build())
                .hasMessageStartingWith("sslOptions.cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256] not supported by this"
                        + " JDK; supported are [");
    }

    @Test
    void equalityByConfigurationAndToStringWithoutPasswords() {
        SslOptions a = SslOptions.builder()
                .trustStore(material.trustJks, TlsTestMaterial.STORE_PASSWORD)
                .keyStore(material.clientP12, TlsTestMaterial.STORE_PASSWORD)
                .serverHostname("rabbit")
                .build();
        SslOptions b = a.toBuilder().build();

        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(b.context()).isNotSameAs(a.context());
        assertThat(a).isNotEqualTo(a.toBuilder().serverHostname("other").build());
        assertThat(SslOptions.defaults()).isEqualTo(SslOptions.builder().build());
        assertThat(SslOptions.of(serverContext)).isEqualTo(SslOptions.of(serverContext));
        assertThat(a.toString())
                .contains(material.trustJks.toString(), material.clientP12.toString(), "serverHostname=rabbit")
                .doesNotContain(TlsTestMaterial.STORE_PASSWORD);
    }

    @Test
    void tlsFilesFromAUrlReadBackEqual() {
        String url = "amqps://localhost?cacertfile=" + material.serverCertPem + "&certfile=" + material.clientCertPem
                + "&keyfile=" + material.clientKeySec1;

        ConnectionParameters parameters = ConnectionParameters.fromUrl(url);

        assertThat(parameters.sslOptions())
                .contains(SslOptions.builder()
                        .trustCertificates(material.serverCertPem)
                        .keyCertificateChain(material.clientCertPem, material.clientKeySec1, null)
                        .build());
        assertThat(ConnectionParameters.fromUrl(parameters.toUrl())).isEqualTo(parameters);
    }

    @Test
    void pikaSslOptionsDictionaryWithFilesStoresAndDirectories() throws Exception {
        Path caDirectory = Files.createDirectories(directory.resolve("ca-dir"));
        Files.copy(material.serverCertPem, caDirectory.resolve("a1b2c3d4.0"));
        Files.writeString(caDirectory.resolve("README"), "not a certificate");
        String dictionary = "{'ca_path': '" + caDirectory + "', 'certfile': '" + material.serverCertPem
                + "', 'keyfile': '" + material.serverKeyEncrypted + "', 'password': '" + TlsTestMaterial.KEY_PASSWORD
                + "', 'server_hostname': 'localhost'}";

        ConnectionParameters p = ConnectionParameters.fromUrl("amqp://h?ssl_options=" + dictionary);

        SslOptions expected = SslOptions.builder()
                .trustCertificates(caDirectory.resolve("a1b2c3d4.0"))
                .keyCertificateChain(material.serverCertPem, material.serverKeyEncrypted, TlsTestMaterial.KEY_PASSWORD)
                .serverHostname("localhost")
                .build();
        assertThat(p.sslOptions()).contains(expected);
        assertThat(p.port()).isEqualTo(5671);
        assertThat(p.toString()).doesNotContain(TlsTestMaterial.KEY_PASSWORD);
        assertThat(ConnectionParameters.fromUrl(p.toUrl())).isEqualTo(p);

        String stores = "{'truststore': '" + material.trustJks + "', 'truststore_password': '"
                + TlsTestMaterial.STORE_PASSWORD + "', 'keystore': '" + material.clientP12
                + "', 'keystore_password': '" + TlsTestMaterial.STORE_PASSWORD + "', 'keystore_type': 'PKCS12'}";
        ConnectionParameters withStores = ConnectionParameters.fromUrl("amqps://h?ssl_options=" + stores);
        assertThat(withStores.sslOptions())
                .contains(SslOptions.builder()
                        .trustStore(material.trustJks, TlsTestMaterial.STORE_PASSWORD)
                        .keyStore(material.clientP12, TlsTestMaterial.STORE_PASSWORD, null, "PKCS12")
                        .build());
        assertThat(ConnectionParameters.fromUrl(withStores.toUrl())).isEqualTo(withStores);
    }

    @Test
    void aWrongSslOptionsPasswordIsReportedWithoutThePassword() {
        String dictionary = "{'certfile': '" + material.serverCertPem + "', 'keyfile': '" + material.serverKeyEncrypted
                + "', 'password': 'hunter2'}";

        assertThatThrownBy(() -> ConnectionParameters.fromUrl("amqps://h?ssl_options=" + dictionary))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot decrypt the private key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
