package dev.pika;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS settings of a connection, Pika's {@code SSLOptions} (an {@code SSLContext} and a {@code
 * server_hostname}) plus what a Java application expects to configure without writing JSSE code.
 *
 * <p>The TLS context comes either from {@link Builder#context(SSLContext)} or is built, when {@link
 * Builder#build()} runs, from:
 *
 * <ul>
 *   <li>trust: trust stores ({@link Builder#trustStore(Path, String)}, PKCS12 or JKS) and PEM CA
 *       certificate files ({@link Builder#trustCertificates(Path)}), merged; none means the JDK's
 *       default trust ({@code cacerts} or {@code javax.net.ssl.trustStore});
 *   <li>the client certificate, for mutual TLS and SASL EXTERNAL: a key store ({@link
 *       Builder#keyStore(Path, String)}) or PEM files ({@link Builder#keyCertificateChain(Path, Path,
 *       String)}: PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC keys).
 * </ul>
 *
 * <p>The server's host name ({@link #serverHostname()}, default: the connection's host) is sent as
 * SNI and, when {@link #verifyHostname()} is true (the default), checked against the certificate.
 * Files are read once, by {@code build()}, which fails with an {@link IllegalArgumentException}
 * naming the file that could not be read. This class only builds the {@link SSLContext} and {@link
 * SSLParameters}; the I/O adapters use them.
 *
 * <p>Immutable and thread-safe. Equality is by configuration (files, passwords, flags), or by the
 * identity of the {@code SSLContext} given to {@code context(...)}. {@link #toString()} never shows
 * a password.
 */
public final class SslOptions {

    /** Default of {@link #verifyHostname()}: {@value}. */
    public static final boolean DEFAULT_VERIFY_HOSTNAME = true;
    /** Default of {@link #verifyPeer()}: {@value}. */
    public static final boolean DEFAULT_VERIFY_PEER = true;
    /** Default of {@link #serverNameIndication()}: {@value}. */
    public static final boolean DEFAULT_SERVER_NAME_INDICATION = true;

    /** A key or trust store file; passwords are never printed. */
    record StoreFile(Path path, String password, String keyPassword, String type) {
        @Override
        public String toString() {
            return path + (type == null ? "" : " (" + type + ")");
        }
    }

    /** A PEM certificate chain and its private key; the password is never printed. */
    record PemKey(Path certificateChain, Path privateKey, String keyPassword) {
        @Override
        public String toString() {
            return certificateChain.equals(privateKey)
                    ? certificateChain.toString()
                    : certificateChain + " + " + privateKey;
        }
    }

    private final SSLContext suppliedContext;
    private final List<StoreFile> trustStores;
    private final List<Path> trustCertificateFiles;
    private final List<String> trustCertificatesPem;
    private final StoreFile keyStore;
    private final PemKey pemKey;
    private final boolean verifyPeer;
    private final String serverHostname;
    private final boolean verifyHostname;
    private final boolean serverNameIndication;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final SSLContext context;

    private SslOptions(Builder builder) {
        this.suppliedContext = builder.context;
        this.trustStores = List.copyOf(builder.trustStores);
        this.trustCertificateFiles = List.copyOf(builder.trustCertificateFiles);
        this.trustCertificatesPem = List.copyOf(builder.trustCertificatesPem);
        this.keyStore = builder.keyStore;
        this.pemKey = builder.pemKey;
        this.verifyPeer = builder.verifyPeer;
        this.serverHostname = builder.serverHostname;
        this.verifyHostname = builder.verifyHostname;
        this.serverNameIndication = builder.serverNameIndication;
        this.protocols = List.copyOf(builder.protocols);
        this.cipherSuites = List.copyOf(builder.cipherSuites);
        this.context = suppliedContext != null
                ? suppliedContext
                : SslContextFactory.build(
                        trustStores, trustCertificateFiles, trustCertificatesPem, keyStore, pemKey, verifyPeer);
        checkSupported(
                "protocols", protocols, context.getSupportedSSLParameters().getProtocols());
        checkSupported(
                "cipherSuites",
                cipherSuites,
                context.getSupportedSSLParameters().getCipherSuites());
    }

    /**
     * TLS with the JDK's default trust, host name verification and SNI: what an {@code amqps://}
     * URL without TLS query parameters means. A shared instance.
     *
     * @return the default options
     */
    public static SslOptions defaults() {
        return Defaults.INSTANCE;
    }

    /**
     * TLS with an application-built {@link SSLContext}, host name verification and SNI (Pika's
     * {@code SSLOptions(context)}).
     *
     * @param context the TLS context, not null
     * @return the options
     */
    public static SslOptions of(SSLContext context) {
        return builder().context(context).build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this instance's configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.context = suppliedContext;
        builder.trustStores.addAll(trustStores);
        builder.trustCertificateFiles.addAll(trustCertificateFiles);
        builder.trustCertificatesPem.addAll(trustCertificatesPem);
        builder.keyStore = keyStore;
        builder.pemKey = pemKey;
        builder.verifyPeer = verifyPeer;
        builder.serverHostname = serverHostname;
        builder.verifyHostname = verifyHostname;
        builder.serverNameIndication = serverNameIndication;
        builder.protocols.addAll(protocols);
        builder.cipherSuites.addAll(cipherSuites);
        return builder;
    }

    /** The TLS context: the one given to {@code context(...)}, or the one built from files. */
    public SSLContext context() {
        return context;
    }

    /** Whether the context was given by the application rather than built from files. */
    public boolean contextSupplied() {
        return suppliedContext != null;
    }

    /** The name sent as SNI and checked against the certificate; empty = the connection's host. */
    public Optional<String> serverHostname() {
        return Optional.ofNullable(serverHostname);
    }

    /**
     * The name to use for SNI and host name verification when connecting to {@code connectionHost}.
     *
     * @param connectionHost the host the connection dials
     * @return {@link #serverHostname()} if set, else {@code connectionHost}
     */
    public String effectiveServerHostname(String connectionHost) {
        return serverHostname != null ? serverHostname : connectionHost;
    }

    /** Whether the server certificate must match the server host name (default true). */
    public boolean verifyHostname() {
        return verifyHostname && verifyPeer;
    }

    /**
     * Whether the server certificate chain is verified (default true). False only after {@code
     * verifyPeer(false)}, which also turns host name verification off.
     */
    public boolean verifyPeer() {
        return verifyPeer;
    }

    /** Whether the server host name is sent as SNI (default true; never for IP addresses). */
    public boolean serverNameIndication() {
        return serverNameIndication;
    }

    /** The enabled protocols, e.g. {@code [TLSv1.3, TLSv1.2]}; empty = the JDK's defaults. */
    public List<String> protocols() {
        return protocols;
    }

    /** The enabled cipher suites (JDK/IANA names); empty = the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * The {@link SSLParameters} for a connection to {@code connectionHost}: SNI (unless disabled or
     * the name is an IP address), endpoint identification {@code HTTPS} when {@link
     * #verifyHostname()}, the protocols and cipher suites if set. A new instance on every call.
     *
     * @param connectionHost the host the connection dials
     * @return the parameters to set on an {@link SSLEngine}
     */
    public SSLParameters sslParameters(String connectionHost) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        String name = effectiveServerHostname(connectionHost);
        if (serverNameIndication && name != null && !isIpLiteral(name)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException notAHostName) {
                // e.g. a name with '_': the JDK refuses it as SNI; connect without SNI.
            }
        }
        if (verifyHostname()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!protocols.isEmpty()) {
            parameters.setProtocols(protocols.toArray(new String[0]));
        }
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(new String[0]));
        }
        return parameters;
    }

    /**
     * A client-mode {@link SSLEngine} for a connection to {@code connectionHost}, with {@link
     * #sslParameters(String)} applied and the effective server host name as peer host.
     *
     * @param connectionHost the host the connection dials
     * @param port the port it dials
     * @return a new engine
     */
    public SSLEngine createSslEngine(String connectionHost, int port) {
        SSLEngine engine = context.createSSLEngine(effectiveServerHostname(connectionHost), port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(sslParameters(connectionHost));
        return engine;
    }

    /** The verifyHostname setting as given, before verifyPeer(false) overrides it. */
    boolean verifyHostnameSetting() {
        return verifyHostname;
    }

    List<StoreFile> trustStores() {
        return trustStores;
    }

    List<Path> trustCertificateFiles() {
        return trustCertificateFiles;
    }

    List<String> trustCertificatesPem() {
        return trustCertificatesPem;
    }

    Optional<StoreFile> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    Optional<PemKey> pemKey() {
        return Optional.ofNullable(pemKey);
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static void checkSupported(String setting, List<String> wanted, String[] supported) {
        Set<String> known = Set.of(supported);
        List<String> unknown =
                wanted.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("sslOptions." + setting + ": " + unknown
                    + " not supported by this JDK; supported are " + Arrays.asList(supported));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SslOptions that
                && suppliedContext == that.suppliedContext
                && trustStores.equals(that.trustStores)
                && trustCertificateFiles.equals(that.trustCertificateFiles)
                && trustCertificatesPem.equals(that.trustCertificatesPem)
                && Objects.equals(keyStore, that.keyStore)
                && Objects.equals(pemKey, that.pemKey)
                && verifyPeer == that.verifyPeer
                && Objects.equals(serverHostname, that.serverHostname)
                && verifyHostname == that.verifyHostname
                && serverNameIndication == that.serverNameIndication
                && protocols.equals(that.protocols)
                && cipherSuites.equals(that.cipherSuites);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                System.identityHashCode(suppliedContext),
                trustStores,
                trustCertificateFiles,
                trustCertificatesPem,
                keyStore,
                pemKey,
                verifyPeer,
                serverHostname,
                verifyHostname,
                serverNameIndication,
                protocols,
                cipherSuites);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SslOptions{");
        if (suppliedContext != null) {
            text.append("context=").append(suppliedContext.getProtocol()).append(" (supplied)");
        } else {
            text.append("trust=");
            if (!verifyPeer) {
                text.append("ALL (verifyPeer=false)");
            } else if (trustStores.isEmpty() && trustCertificateFiles.isEmpty() && trustCertificatesPem.isEmpty()) {
                text.append("JDK default");
            } else {
                List<Object> sources = new ArrayList<>(trustStores);
                sources.addAll(trustCertificateFiles);
                if (!trustCertificatesPem.isEmpty()) {
                    sources.add(trustCertificatesPem.size() + " inline PEM");
                }
                text.append(sources);
            }
            if (keyStore != null) {
                text.append(", keyStore=").append(keyStore);
            }
            if (pemKey != null) {
                text.append(", keyCertificateChain=").append(pemKey);
            }
        }
        if (serverHostname != null) {
            text.append(", serverHostname=").append(serverHostname);
        }
        text.append(", verifyHostname=").append(verifyHostname());
        if (!serverNameIndication) {
            text.append(", serverNameIndication=false");
        }
        if (!protocols.isEmpty()) {
            text.append(", protocols=").append(protocols);
        }
        if (!cipherSuites.isEmpty()) {
            text.append(", cipherSuites=").append(cipherSuites);
        }
        return text.append('}').toString();
    }

    private static final class Defaults {
        static final SslOptions INSTANCE = builder().build();
    }

    /**
     * Builds {@link SslOptions}. Not thread-safe. {@link #build()} reads the files and fails with an
     * {@link IllegalArgumentException} naming a file that cannot be read, or a password that does
     * not open it.
     */
    public static final class Builder {
        private SSLContext context;
        private final List<StoreFile> trustStores = new ArrayList<>();
        private final List<Path> trustCertificateFiles = new ArrayList<>();
        private final List<String> trustCertificatesPem = new ArrayList<>();
        private StoreFile keyStore;
        private PemKey pemKey;
        private boolean verifyPeer = DEFAULT_VERIFY_PEER;
        private String serverHostname;
        private boolean verifyHostname = DEFAULT_VERIFY_HOSTNAME;
        private boolean serverNameIndication = DEFAULT_SERVER_NAME_INDICATION;
        private final List<String> protocols = new ArrayList<>();
        private final List<String> cipherSuites = new ArrayList<>();

        private Builder() {}

        /**
         * Uses an application-built TLS context; excludes trust stores, key stores, PEM files and
         * {@code verifyPeer(false)}, which belong on that context.
         *
         * @param context the context, or null to build one from files
         * @return this builder
         */
        public Builder context(SSLContext context) {
            this.context = context;
            return this;
        }

        /**
         * Adds a trust store; its type comes from the extension ({@code .jks}: JKS; {@code .p12},
         * {@code .pfx}: PKCS12; else the JDK default, PKCS12, which also reads JKS).
         *
         * @param path the store file
         * @param password its password, or null for none
         * @return this builder
         */
        public Builder trustStore(Path path, String password) {
            return trustStore(path, password, null);
        }

        /**
         * Adds a trust store of a given type.
         *
         * @param path the store file
         * @param password its password, or null for none
         * @param type the {@link java.security.KeyStore} type ({@code PKCS12}, {@code JKS}), or null to
         *     infer it from the extension
         * @return this builder
         */
        public Builder trustStore(Path path, String password, String type) {
            trustStores.add(new StoreFile(Checks.notNull("trustStore path", path), password, null, type));
            return this;
        }

        /**
         * Adds the CA certificates of a PEM (or DER) file, Pika's {@code cafile}/{@code ca_certs} and
         * RabbitMQ's {@code cacertfile}.
         *
         * @param pemFile the certificate file
         * @return this builder
         */
        public Builder trustCertificates(Path pemFile) {
            trustCertificateFiles.add(Checks.notNull("trustCertificates file", pemFile));
            return this;
        }

        /**
         * Adds CA certificates given as PEM text, Pika's {@code cadata}.
         *
         * @param pem one or more {@code -----BEGIN CERTIFICATE-----} blocks
         * @return this builder
         */
        public Builder trustCertificatesPem(String pem) {
            trustCertificatesPem.add(Checks.notNull("trustCertificatesPem", pem));
            return this;
        }

        /**
         * Uses a key store holding the client certificate and key; the key password is the store
         * password.
         *
         * @param path the store file (type from the extension, as for trust stores)
         * @param password the store password
         * @return this builder
         */
        public Builder keyStore(Path path, String password) {
            return keyStore(path, password, null, null);
        }

        /**
         * Uses a key store holding the client certificate and key; replaces PEM key material.
         *
         * @param path the store file
         * @param password the store password, or null
         * @param keyPassword the key password, or null when it is the store password
         * @param type the store type, or null to infer it from the extension
         * @return this builder
         */
        public Builder keyStore(Path path, String password, String keyPassword, String type) {
            this.keyStore = new StoreFile(Checks.notNull("keyStore path", path), password, keyPassword, type);
            this.pemKey = null;
            return this;
        }

        /**
         * Uses a PEM file holding both the client certificate chain and its private key (Pika's
         * {@code certfile} without {@code keyfile}).
         *
         * @param certificateChainAndKey the PEM file
         * @return this builder
         */
        public Builder keyCertificateChain(Path certificateChainAndKey) {
            return keyCertificateChain(certificateChainAndKey, certificateChainAndKey, null);
        }

        /**
         * Uses PEM files for the client certificate chain and its private key (Pika's {@code certfile},
         * {@code keyfile} and {@code password}); replaces a key store.
         *
         * @param certificateChain the PEM certificate chain, client certificate first
         * @param privateKey the PEM private key (PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC)
         * @param keyPassword the password of an encrypted key, or null
         * @return this builder
         */
        public Builder keyCertificateChain(Path certificateChain, Path privateKey, String keyPassword) {
            this.pemKey = new PemKey(
                    Checks.notNull("certificateChain", certificateChain),
                    Checks.notNull("privateKey", privateKey),
                    keyPassword);
            this.keyStore = null;
            return this;
        }

        /**
         * Whether to verify the server's certificate chain (default true). {@code false} accepts any
         * certificate and skips host name verification: the connection is encrypted but not
         * authenticated. Use it only for tests and trusted networks (RabbitMQ's {@code
         * verify=verify_none}).
         *
         * @param verifyPeer false to trust every server
         * @return this builder
         */
        public Builder verifyPeer(boolean verifyPeer) {
            this.verifyPeer = verifyPeer;
            return this;
        }

        /**
         * The name to send as SNI and to verify the certificate against (Pika's {@code
         * server_hostname}); null = the connection's host.
         *
         * @param serverHostname the server's name
         * @return this builder
         */
        public Builder serverHostname(String serverHostname) {
            if (serverHostname != null) {
                Checks.notBlank("sslOptions.serverHostname", serverHostname);
            }
            this.serverHostname = serverHostname;
            return this;
        }

        /**
         * Whether the server certificate must match the server host name (default true).
         *
         * @param verifyHostname false to accept a certificate for another name
         * @return this builder
         */
        public Builder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        /**
         * Whether to send the server host name as SNI (default true; RabbitMQ's {@code
         * server_name_indication=disable} turns it off).
         *
         * @param serverNameIndication false to send no SNI
         * @return this builder
         */
        public Builder serverNameIndication(boolean serverNameIndication) {
            this.serverNameIndication = serverNameIndication;
            return this;
        }

        /**
         * The protocols to enable, e.g. {@code "TLSv1.3", "TLSv1.2"}; none = the JDK's defaults.
         *
         * @param protocols the protocol names
         * @return this builder
         */
        public Builder protocols(String... protocols) {
            this.protocols.clear();
            for (String protocol : protocols) {
                this.protocols.add(Checks.notBlank("sslOptions.protocols element", protocol));
            }
            return this;
        }

        /**
         * The cipher suites to enable, by their JDK (IANA) names such as {@code
         * TLS_AES_128_GCM_SHA256}; none = the JDK's defaults.
         *
         * @param cipherSuites the suite names
         * @return this builder
         */
        public Builder cipherSuites(String... cipherSuites) {
            this.cipherSuites.clear();
            for (String suite : cipherSuites) {
                this.cipherSuites.add(Checks.notBlank("sslOptions.cipherSuites element", suite));
            }
            return this;
        }

        /**
         * Reads the files, builds the context and returns the immutable options.
         *
         * @return the options
         * @throws IllegalArgumentException when a file cannot be read, a password is wrong, a protocol
         *     or suite is unknown, or a supplied context is combined with files
         */
        public SslOptions build() {
            if (context != null
                    && (!trustStores.isEmpty()
                            || !trustCertificateFiles.isEmpty()
                            || !trustCertificatesPem.isEmpty()
                            || keyStore != null
                            || pemKey != null
                            || !verifyPeer)) {
                throw new IllegalArgumentException("sslOptions: context(SSLContext) excludes trust stores, key stores,"
                        + " PEM files and verifyPeer(false); configure them on the SSLContext, or drop context(...)");
            }
            return new SslOptions(this);
        }
    }
}
