package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Key material made at test time with the JDK's {@code keytool} (nothing committed) and an
 * in-memory TLS handshake between two {@link SSLEngine}s.
 */
final class TlsTestMaterial {

    static final String STORE_PASSWORD = "store-pw-123";
    static final String KEY_PASSWORD = "key-pw-456";

    final Path directory;
    /** PKCS12 key store: RSA server key, CN=localhost, SAN dns:localhost and ip:127.0.0.1. */
    final Path serverP12;
    /** The same server key in a JKS key store. */
    final Path serverJks;
    /** The server certificate, PEM. */
    final Path serverCertPem;
    /** JKS trust store holding the server certificate. */
    final Path trustJks;
    /** PKCS12 key store: EC client key, CN=pika-client. */
    final Path clientP12;
    /** The client certificate, PEM. */
    final Path clientCertPem;

    final Path serverKeyPkcs8;
    final Path serverKeyPkcs1;
    final Path serverKeyEncrypted;
    final Path clientKeyPkcs8;
    final Path clientKeySec1;
    /** Client certificate and PKCS#8 key in one file. */
    final Path clientCombinedPem;

    TlsTestMaterial(Path directory) throws Exception {
        this.directory = directory;
        serverP12 = directory.resolve("server.p12");
        serverJks = directory.resolve("server.jks");
        serverCertPem = directory.resolve("server-cert.pem");
        trustJks = directory.resolve("trust.jks");
        clientP12 = directory.resolve("client.p12");
        clientCertPem = directory.resolve("client-cert.pem");
        serverKeyPkcs8 = directory.resolve("server-key-pkcs8.pem");
        serverKeyPkcs1 = directory.resolve("server-key-pkcs1.pem");
        serverKeyEncrypted = directory.resolve("server-key-encrypted.pem");
        clientKeyPkcs8 = directory.resolve("client-key-pkcs8.pem");
        clientKeySec1 = directory.resolve("client-key-sec1.pem");
        clientCombinedPem = directory.resolve("client-combined.pem");

        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                serverP12.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                serverP12.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                serverCertPem.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server-ca",
                "-file",
                serverCertPem.toString(),
                "-keystore",
                trustJks.toString(),
                "-storetype",
                "JKS",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importkeystore",
                "-noprompt",
                "-srckeystore",
                serverP12.toString(),
                "-srcstoretype",
                "PKCS12",
                "-srcstorepass",
                STORE_PASSWORD,
                "-destkeystore",
                serverJks.toString(),
                "-deststoretype",
                "JKS",
                "-deststorepass",
                STORE_PASSWORD,
                "-destkeypass",
                KEY_PASSWORD);
        keytool(
                "-genkeypair",
                "-alias",
                "client",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=pika-client",
                "-validity",
                "2",
                "-keystore",
                clientP12.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "client",
                "-keystore",
                clientP12.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                clientCertPem.toString());

        byte[] serverPkcs8 = privateKey(serverP12, "server").getEncoded();
        writePem(serverKeyPkcs8, "PRIVATE KEY", serverPkcs8);
        writePem(serverKeyPkcs1, "RSA PRIVATE KEY", innerKey(serverPkcs8));
        writePem(serverKeyEncrypted, "ENCRYPTED PRIVATE KEY", encrypt(serverPkcs8, KEY_PASSWORD.toCharArray()));
        byte[] clientPkcs8 = privateKey(clientP12, "client").getEncoded();
        writePem(clientKeyPkcs8, "PRIVATE KEY", clientPkcs8);
        writePem(clientKeySec1, "EC PRIVATE KEY", sec1WithCurve(clientPkcs8));
        Files.writeString(
                clientCombinedPem,
                Files.readString(clientCertPem) + "\nsome comment\n" + Files.readString(clientKeyPkcs8));
    }

    static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue())
                .as("keytool %s: %s", arguments[0], output)
                .isZero();
    }

    private static PrivateKey privateKey(Path p12, String alias) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return (PrivateKey) store.getKey(alias, STORE_PASSWORD.toCharArray());
    }

    /** The privateKey OCTET STRING of a PKCS#8 PrivateKeyInfo: PKCS#1 for RSA, SEC1 for EC. */
    private static byte[] innerKey(byte[] pkcs8) {
        PemFiles.Der info = new PemFiles.Der(pkcs8).sequence();
        info.next(0x02);
        info.sequence();
        return info.next(0x04);
    }

    /** OpenSSL's "EC PRIVATE KEY": SEC1 with the named curve in [0]. */
    private static byte[] sec1WithCurve(byte[] pkcs8) {
        PemFiles.Der info = new PemFiles.Der(pkcs8).sequence();
        info.next(0x02);
        PemFiles.Der algorithm = info.sequence();
        algorithm.next(0x06);
        byte[] curve = algorithm.next(0x06);
        PemFiles.Der sec1 = new PemFiles.Der(info.next(0x04)).sequence();
        byte[] version = sec1.next(0x02);
        byte[] secret = sec1.next(0x04);
        return PemFiles.Der.tlv(
                0x30,
                PemFiles.Der.tlv(0x02, version),
                PemFiles.Der.tlv(0x04, secret),
                PemFiles.Der.tlv(0xA0, PemFiles.Der.tlv(0x06, curve)));
    }

    private static byte[] encrypt(byte[] pkcs8, char[] password) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(pkcs8);
        // Encoded as OpenSSL writes it: algorithm PBES2 with the PBKDF2 and AES parameters inside.
        AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        return new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded();
    }

    static void writePem(Path file, String label, byte[] der) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        Files.writeString(file, "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n");
    }

    /** A server engine on {@code context}; {@code needClientAuth} asks for a client certificate. */
    static SSLEngine serverEngine(SSLContext context, boolean needClientAuth) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(needClientAuth);
        return engine;
    }

    /**
     * Runs a TLS handshake between the engines in memory; throws the {@link SSLException} either
     * side raises (a refused certificate, a host name mismatch...).
     */
    static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer clientToServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer serverToClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer clientApplication = ByteBuffer.allocate(1 << 17);
        ByteBuffer serverApplication = ByteBuffer.allocate(1 << 17);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 500; step++) {
            if (idle(client) && idle(server)) {
                return;
            }
            exchange(client, empty, clientToServer, serverToClient, clientApplication);
            exchange(server, empty, serverToClient, clientToServer, serverApplication);
        }
        throw new AssertionError("the TLS handshake did not finish in 500 steps");
    }

    private static void exchange(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        engine.wrap(empty, out);
        runTasks(engine);
        in.flip();
        engine.unwrap(in, app);
        in.compact();
        runTasks(engine);
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean idle(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }
}
