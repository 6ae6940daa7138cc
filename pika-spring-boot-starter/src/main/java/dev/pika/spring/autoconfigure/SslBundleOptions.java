package dev.pika.spring.autoconfigure;

import dev.pika.SslOptions;
import org.springframework.boot.ssl.SslBundle;

/**
 * Turns a Spring {@link SslBundle} into pika-java's {@link SslOptions}: the bundle's {@code
 * SSLContext} (its trust and key material and protocol), its enabled protocols and cipher suites, and
 * host name verification as configured.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class SslBundleOptions {

    private SslBundleOptions() {}

    /**
     * Converts a bundle.
     *
     * @param bundle the bundle
     * @param verifyHostname whether the broker's certificate must match its host name
     * @return the TLS options
     * @throws IllegalArgumentException when the bundle's protocols or cipher suites are unknown to the JDK
     */
    static SslOptions of(SslBundle bundle, boolean verifyHostname) {
        SslOptions.Builder builder =
                SslOptions.builder().context(bundle.createSslContext()).verifyHostname(verifyHostname);
        org.springframework.boot.ssl.SslOptions options = bundle.getOptions();
        if (options != null && options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options != null && options.getCiphers() != null) {
            builder.cipherSuites(options.getCiphers());
        }
        return builder.build();
    }
}
