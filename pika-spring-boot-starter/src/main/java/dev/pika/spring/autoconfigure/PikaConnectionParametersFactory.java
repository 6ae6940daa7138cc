package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;
import dev.pika.Credentials;
import dev.pika.ExternalCredentials;
import dev.pika.PlainCredentials;
import dev.pika.SslOptions;
import dev.pika.spring.autoconfigure.PikaConnectionDetails.Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.ssl.SslBundle;

/**
 * Turns {@link PikaProperties} and {@link PikaConnectionDetails} into the {@link ConnectionParameters}
 * of each broker address, the input of every connection the starter opens (Pika's list of parameters
 * for failover). For each address, in order:
 *
 * <ol>
 *   <li>start from the address's AMQP URL when it came from one (its query settings included), else
 *       from Pika's defaults;
 *   <li>set the host and port, the credentials and virtual host of the connection details (a URL's
 *       {@code auth_mechanism=external} is kept);
 *   <li>TLS: the details' SSL bundle when there is one, else the URL's TLS settings, else the JDK's
 *       default trust when {@code pika.ssl.*} asks for TLS; {@code pika.ssl.verify-hostname} applies to
 *       each;
 *   <li>the connection settings of {@code pika.*} (heartbeat, timeouts, limits, connection name,
 *       defaulting to {@code spring.application.name}, client properties);
 *   <li>every {@link ConnectionParametersCustomizer}, in {@code @Order}.
 * </ol>
 *
 * <p>The constructor builds the list once, so a bad value fails at start-up with an {@link
 * InvalidPikaPropertiesException} naming the property (the core's {@link IllegalArgumentException}
 * messages included). {@link #create()} builds a fresh list each time, shuffled when {@code
 * pika.shuffle-addresses} is true.
 *
 * <p>Thread-safe: immutable after construction; {@link #create()} may be called from any thread, as
 * long as the customizers are thread-safe.
 */
public class PikaConnectionParametersFactory {

    private final PikaProperties properties;
    private final PikaConnectionDetails connectionDetails;
    private final List<ConnectionParametersCustomizer> customizers;
    private final String defaultConnectionName;

    /**
     * Creates the factory and builds the parameters once to check them.
     *
     * @param properties the {@code pika.*} properties
     * @param connectionDetails where the broker is
     * @param customizers applied last, in this order
     * @param defaultConnectionName the connection name when none is configured (the application's
     *     name), or null
     * @throws InvalidPikaPropertiesException when a value is invalid
     */
    public PikaConnectionParametersFactory(
            PikaProperties properties,
            PikaConnectionDetails connectionDetails,
            List<ConnectionParametersCustomizer> customizers,
            String defaultConnectionName) {
        this.properties = Objects.requireNonNull(properties, "properties must not be null");
        this.connectionDetails = Objects.requireNonNull(connectionDetails, "connectionDetails must not be null");
        this.customizers = List.copyOf(customizers == null ? List.of() : customizers);
        this.defaultConnectionName = defaultConnectionName;
        create();
    }

    /**
     * The parameters of every address, in the configured order, or shuffled when {@code
     * pika.shuffle-addresses} is true (a new order at each call).
     *
     * @return a new, modifiable list of at least one element
     * @throws InvalidPikaPropertiesException when the details or a customizer produce an invalid value
     */
    public List<ConnectionParameters> create() {
        List<Address> addresses = connectionDetails.getAddresses();
        String source = detailsSource();
        if (addresses == null || addresses.isEmpty()) {
            throw InvalidPikaPropertiesException.of(new InvalidPikaPropertiesException.Violation(
                    source,
                    null,
                    "gives no broker address",
                    "Set pika.url, pika.addresses or pika.host, or make the PikaConnectionDetails bean return an"
                            + " address."));
        }
        Violations violations = new Violations();
        List<ConnectionParameters> result = new ArrayList<>(addresses.size());
        for (Address address : addresses) {
            ConnectionParameters parameters = create(address, violations);
            if (parameters != null) {
                result.add(parameters);
            }
        }
        violations.throwIfAny();
        if (properties.isShuffleAddresses() && result.size() > 1) {
            Collections.shuffle(result, ThreadLocalRandom.current());
        }
        return result;
    }

    private ConnectionParameters create(Address address, Violations violations) {
        PropertiesPikaConnectionDetails fromProperties =
                connectionDetails instanceof PropertiesPikaConnectionDetails details ? details : null;
        ConnectionParameters fromUrl = fromProperties == null
                ? null
                : fromProperties.getUrlParameters(address).orElse(null);
        String source = fromProperties == null ? detailsSource() : fromProperties.getSourceProperty(address);
        ConnectionParameters.Builder builder = fromUrl != null ? fromUrl.toBuilder() : ConnectionParameters.builder();
        int errorsBefore = violations.size();

        violations.check(
                source,
                address,
                "Give a valid host and port.",
                () -> builder.host(address.host()).port(address.port()));
        String username = connectionDetails.getUsername();
        String password = connectionDetails.getPassword();
        if (!(fromUrl != null && fromUrl.credentials() instanceof ExternalCredentials)) {
            violations.check(
                    fromProperties == null ? source : "pika.username",
                    username,
                    "Set a user name and a password.",
                    () -> builder.credentials(plain(username, password)));
        }
        String virtualHost = connectionDetails.getVirtualHost();
        violations.check(
                fromProperties == null ? source : "pika.virtual-host",
                virtualHost,
                "Set a virtual host of at most 255 bytes, e.g. /.",
                () -> builder.virtualHost(virtualHost));
        applyTls(builder, fromUrl, source, violations);
        ConnectionSettings.apply(properties, builder, fromUrl, source, defaultConnectionName, violations);
        if (violations.size() > errorsBefore) {
            return null;
        }
        for (ConnectionParametersCustomizer customizer : customizers) {
            String customizerName =
                    "ConnectionParametersCustomizer " + customizer.getClass().getName();
            if (!violations.check(
                    customizerName, null, "Fix the value this customizer sets.", () -> customizer.customize(builder))) {
                return null;
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            violations.add(
                    source,
                    address,
                    e.getMessage(),
                    "Fix the settings named above (pika.* properties, or a ConnectionParametersCustomizer).");
            return null;
        }
    }

    private static Credentials plain(String username, String password) {
        return new PlainCredentials(username, password);
    }

    private void applyTls(
            ConnectionParameters.Builder builder, ConnectionParameters fromUrl, String source, Violations violations) {
        PikaProperties.Ssl ssl = properties.getSsl();
        SslBundle bundle = connectionDetails.getSslBundle();
        boolean verifyHostname = ssl.isVerifyHostname();
        if (bundle != null) {
            violations.check(
                    ssl.getBundle() != null ? "pika.ssl.bundle" : source,
                    ssl.getBundle(),
                    "Check the SSL bundle's stores, protocols and ciphers.",
                    () -> builder.sslOptions(SslBundleOptions.of(bundle, verifyHostname)));
            return;
        }
        if (fromUrl != null) {
            SslOptions urlOptions = fromUrl.sslOptions().orElse(null);
            if (urlOptions != null && urlOptions.verifyHostname() != verifyHostname) {
                violations.check(
                        "pika.ssl.verify-hostname",
                        verifyHostname,
                        "Check the TLS parameters of " + source + ".",
                        () -> builder.sslOptions(urlOptions.toBuilder()
                                .verifyHostname(verifyHostname)
                                .build()));
            }
            return;
        }
        if (ssl.determineEnabled()) {
            builder.sslOptions(
                    verifyHostname
                            ? SslOptions.defaults()
                            : SslOptions.builder().verifyHostname(false).build());
        } else {
            builder.sslOptions(null);
        }
    }

    private String detailsSource() {
        return connectionDetails instanceof PropertiesPikaConnectionDetails
                ? "pika.host"
                : "PikaConnectionDetails bean (" + connectionDetails.getClass().getName() + ")";
    }
}
