package dev.pika;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} of {@link SslOptions} from key stores, trust stores and PEM files,
 * with the JDK's providers only. Stateless; safe to use from any thread. Every failure is an {@link
 * IllegalArgumentException} naming the file and the setting, never a password.
 */
final class SslContextFactory {

    /** The protocol passed to {@link SSLContext#getInstance(String)}. */
    static final String CONTEXT_PROTOCOL = "TLS";

    private static final char[] IN_MEMORY_PASSWORD = "pika-java".toCharArray();

    private SslContextFactory() {}

    static SSLContext build(
            List<SslOptions.StoreFile> trustStores,
            List<Path> trustCertificateFiles,
            List<String> trustCertificatesPem,
            SslOptions.StoreFile keyStore,
            SslOptions.PemKey pemKey,
            boolean verifyPeer) {
        TrustManager[] trustManagers;
        if (!verifyPeer) {
            trustManagers = new TrustManager[] {TrustAllManager.INSTANCE};
        } else if (trustStores.isEmpty() && trustCertificateFiles.isEmpty() && trustCertificatesPem.isEmpty()) {
            trustManagers = null; // the JDK's default trust (cacerts or javax.net.ssl.trustStore)
        } else {
            trustManagers = trustManagers(trustStores, trustCertificateFiles, trustCertificatesPem);
        }
        KeyManager[] keyManagers = null;
        if (keyStore != null) {
            keyManagers = keyManagers(keyStore);
        } else if (pemKey != null) {
            keyManagers = keyManagers(pemKey);
        }
        try {
            SSLContext context = SSLContext.getInstance(CONTEXT_PROTOCOL);
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sslOptions: cannot create the TLS context: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(
            List<SslOptions.StoreFile> trustStores, List<Path> certificateFiles, List<String> certificatesPem) {
        KeyStore merged = emptyStore();
        int index = 0;
        try {
            for (SslOptions.StoreFile file : trustStores) {
                KeyStore store = load(file, "trust store");
                for (String alias : Collections.list(store.aliases())) {
                    Certificate certificate = store.getCertificate(alias);
                    if (certificate != null) {
                        merged.setCertificateEntry("trusted-" + index++, certificate);
                    }
                }
            }
            for (Path file : certificateFiles) {
                for (X509Certificate certificate :
                        PemFiles.certificates(read(file, "trustCertificates"), source(file))) {
                    merged.setCertificateEntry("trusted-" + index++, certificate);
                }
            }
            for (String pem : certificatesPem) {
                for (X509Certificate certificate :
                        PemFiles.certificates(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "ca_data")) {
                    merged.setCertificateEntry("trusted-" + index++, certificate);
                }
            }
            if (index == 0) {
                throw new IllegalArgumentException("sslOptions: the trust stores and certificate files hold no"
                        + " certificate; every server certificate would be refused");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(merged);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "sslOptions: cannot set up the trusted certificates: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(SslOptions.StoreFile file) {
        KeyStore store = load(file, "key store");
        String password = file.keyPassword() != null ? file.keyPassword() : file.password();
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password == null ? new char[0] : password.toCharArray());
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "sslOptions: cannot read the private key of key store " + file.path() + " (wrong key password?): "
                            + e.getMessage(),
                    e);
        }
    }

    private static KeyManager[] keyManagers(SslOptions.PemKey pem) {
        List<X509Certificate> chain = PemFiles.certificates(
                read(pem.certificateChain(), "keyCertificateChain"), source(pem.certificateChain()));
        char[] password = pem.keyPassword() == null ? null : pem.keyPassword().toCharArray();
        PrivateKey key =
                PemFiles.privateKey(read(pem.privateKey(), "keyCertificateChain"), password, source(pem.privateKey()));
        if (!keyMatches(key, chain.get(0))) {
            throw new IllegalArgumentException("sslOptions: the private key " + pem.privateKey()
                    + " does not fit the certificate chain " + pem.certificateChain()
                    + " (its first certificate must be the one of this key)");
        }
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "sslOptions: the private key " + pem.privateKey() + " does not fit the certificate chain "
                            + pem.certificateChain() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Whether {@code key} belongs to {@code certificate}: a signature made with the key verifies with
     * the certificate's public key. True when the key type has no plain signature algorithm here.
     */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] challenge = "pika-java key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key against an RSA certificate
        }
    }

    /** The key store type for a file: by extension, else the JDK default (PKCS12, which also reads JKS). */
    static String storeType(Path path, String type) {
        if (type != null) {
            return type;
        }
        String name =
                path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jks")) {
            return "JKS";
        }
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12")) {
            return "PKCS12";
        }
        return KeyStore.getDefaultType();
    }

    private static KeyStore load(SslOptions.StoreFile file, String what) {
        String type = storeType(file.path(), file.type());
        checkReadable(file.path(), what);
        try (InputStream in = Files.newInputStream(file.path())) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, file.password() == null ? null : file.password().toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "sslOptions: cannot read " + what + " " + file.path() + " (type " + type + "): " + e.getMessage()
                            + "; check the path, the type and the password",
                    e);
        }
    }

    private static byte[] read(Path file, String setting) {
        checkReadable(file, setting);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "sslOptions: cannot read " + setting + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkReadable(Path file, String setting) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    "sslOptions: " + setting + " file " + file + " does not exist or is not a readable file");
        }
    }

    private static String source(Path file) {
        return "sslOptions file " + file;
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create an in-memory PKCS12 key store", e);
        }
    }

    /** Accepts every certificate: {@code verifyPeer(false)}, for tests and trusted networks only. */
    static final class TrustAllManager extends X509ExtendedTrustManager {
        static final TrustAllManager INSTANCE = new TrustAllManager();

        private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NO_ISSUERS.clone();
        }
    }
}
