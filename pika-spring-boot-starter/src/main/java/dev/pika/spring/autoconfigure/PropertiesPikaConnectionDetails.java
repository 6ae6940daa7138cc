package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;
import dev.pika.ExternalCredentials;
import dev.pika.PlainCredentials;
import dev.pika.SslOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The default {@link PikaConnectionDetails}, read from {@code pika.*}: {@code pika.url} or {@code
 * pika.addresses} when set, else {@code pika.host} and {@code pika.port}; credentials and virtual host
 * from the first URL that has them, else {@code pika.username}, {@code pika.password} and {@code
 * pika.virtual-host}; the SSL bundle named by {@code pika.ssl.bundle}.
 *
 * <p>AMQP URLs are parsed once, here, with {@link ConnectionParameters#fromUrl(String)}: the query
 * settings they carry ({@code heartbeat}, TLS files, {@code auth_mechanism}...) are kept for each
 * address ({@link #getUrlParameters(Address)}). The constructor checks what the properties alone
 * cannot: each URL is valid, TLS in the URL agrees with {@code pika.ssl.*}, the addresses agree on
 * credentials and virtual host, the bundle exists.
 *
 * <p>Immutable and thread-safe once constructed.
 */
public class PropertiesPikaConnectionDetails implements PikaConnectionDetails {

    private static final String URL_ACTION =
            "Write it as amqp[s]://user:password@host:port/virtual-host?name=value, percent-encoding reserved"
                    + " characters (%2F for /).";

    private final List<Entry> entries;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final SslBundle sslBundle;

    /** One address and where it came from. */
    private record Entry(Address address, ConnectionParameters urlParameters, String property) {}

    /** What a URL says about the login and virtual host, when it says anything. */
    private record UrlIdentity(String property, Optional<PlainCredentials> credentials, Optional<String> virtualHost) {}

    /**
     * Reads and checks the properties.
     *
     * @param properties the bound properties
     * @param sslBundles the application's SSL bundles, or null when there are none
     * @throws InvalidPikaPropertiesException listing every problem
     */
    public PropertiesPikaConnectionDetails(PikaProperties properties, SslBundles sslBundles) {
        Objects.requireNonNull(properties, "properties must not be null");
        Violations violations = new Violations();
        List<Entry> parsed = new ArrayList<>();
        List<UrlIdentity> identities = new ArrayList<>();
        for (Source source : sources(properties)) {
            if (source.value().contains("://")) {
                parseUrl(properties, source, parsed, identities, violations);
            } else {
                parseHostAndPort(properties, source, parsed, violations);
            }
        }
        checkDuplicates(parsed, violations);
        this.entries = List.copyOf(parsed);
        UrlIdentity identity = identities.isEmpty() ? null : identities.get(0);
        checkSameIdentity(identities, violations);
        PlainCredentials credentials =
                identity == null ? null : identity.credentials().orElse(null);
        this.username = credentials != null ? credentials.username() : properties.getUsername();
        this.password = credentials != null ? credentials.password() : properties.getPassword();
        this.virtualHost = identity == null
                ? properties.getVirtualHost()
                : identity.virtualHost().orElse(properties.getVirtualHost());
        this.sslBundle = resolveBundle(properties.getSsl().getBundle(), sslBundles, violations);
        violations.throwIfAny();
    }

    /** A configured address and the property holding it. */
    private record Source(String property, String value) {}

    private static List<Source> sources(PikaProperties properties) {
        List<Source> sources = new ArrayList<>();
        if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
            sources.add(new Source("pika.url", properties.getUrl().trim()));
        } else if (!properties.getAddresses().isEmpty()) {
            List<String> addresses = properties.getAddresses();
            for (int i = 0; i < addresses.size(); i++) {
                if (addresses.get(i) != null && !addresses.get(i).isBlank()) {
                    sources.add(new Source(
                            "pika.addresses[" + i + "]", addresses.get(i).trim()));
                }
            }
        } else {
            String host =
                    properties.getHost() == null ? "" : properties.getHost().trim();
            String port = properties.getPort() == null ? "" : ":" + properties.getPort();
            sources.add(new Source("pika.host", host.indexOf(':') >= 0 ? "[" + host + "]" + port : host + port));
        }
        return sources;
    }

    private static void parseUrl(
            PikaProperties properties,
            Source source,
            List<Entry> parsed,
            List<UrlIdentity> identities,
            Violations violations) {
        ConnectionParameters parameters;
        try {
            parameters = ConnectionParameters.fromUrl(source.value());
        } catch (IllegalArgumentException e) {
            violations.add(source.property(), Violations.maskUrl(source.value()), e.getMessage(), URL_ACTION);
            return;
        }
        String shown = Violations.maskUrl(source.value());
        checkTls(properties.getSsl(), source.property(), shown, parameters, violations);
        parsed.add(new Entry(new Address(parameters.host(), parameters.port()), parameters, source.property()));
        UrlParts parts = UrlParts.of(source.value());
        Optional<PlainCredentials> credentials =
                parts.hasUserInfo() && parameters.credentials() instanceof PlainCredentials plain
                        ? Optional.of(plain)
                        : Optional.empty();
        Optional<String> urlVirtualHost =
                parts.hasVirtualHost() ? Optional.of(parameters.virtualHost()) : Optional.empty();
        identities.add(new UrlIdentity(source.property(), credentials, urlVirtualHost));
    }

    private static void checkTls(
            PikaProperties.Ssl ssl,
            String property,
            String shownUrl,
            ConnectionParameters parameters,
            Violations violations) {
        boolean urlTls = parameters.sslOptions().isPresent();
        if (Boolean.TRUE.equals(ssl.getEnabled()) && !urlTls) {
            violations.add(
                    "pika.ssl.enabled",
                    true,
                    "but " + property + " (" + shownUrl + ") is a plain-TCP amqp:// URL",
                    "Use amqps:// in " + property + ", or remove pika.ssl.enabled.");
        }
        if (Boolean.FALSE.equals(ssl.getEnabled()) && urlTls) {
            violations.add(
                    "pika.ssl.enabled",
                    false,
                    "but " + property + " (" + shownUrl + ") asks for TLS",
                    "Use amqp:// without TLS parameters in " + property + ", or remove pika.ssl.enabled=false.");
        }
        if (ssl.getBundle() != null && !ssl.getBundle().isBlank()) {
            if (!urlTls && ssl.getEnabled() == null) {
                violations.add(
                        "pika.ssl.bundle",
                        ssl.getBundle(),
                        "asks for TLS but " + property + " (" + shownUrl + ") is a plain-TCP amqp:// URL",
                        "Use amqps:// in " + property + ", or remove pika.ssl.bundle.");
            } else if (urlTls && !parameters.sslOptions().get().equals(SslOptions.defaults())) {
                violations.add(
                        "pika.ssl.bundle",
                        ssl.getBundle(),
                        "conflicts with the TLS parameters in the query of " + property,
                        "Keep the TLS settings in one place: the SSL bundle, or the URL's query.");
            }
        }
        if (parameters.credentials() instanceof ExternalCredentials && !urlTls) {
            violations.add(
                    property,
                    shownUrl,
                    "uses auth_mechanism=external without TLS; EXTERNAL authenticates with the client certificate",
                    "Use amqps:// with a client certificate (pika.ssl.bundle, or certfile and keyfile), or"
                            + " auth_mechanism=plain.");
        }
    }

    private static void parseHostAndPort(
            PikaProperties properties, Source source, List<Entry> parsed, Violations violations) {
        String value = source.value();
        String host = value;
        Integer port = null;
        String problem = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                problem = "has '[' without ']' (IPv6 addresses are written [::1]:5672)";
            } else {
                host = value.substring(1, close);
                String rest = value.substring(close + 1);
                if (rest.startsWith(":")) {
                    port = parsePort(rest.substring(1));
                    problem = port == null ? "has an invalid port '" + rest.substring(1) + "'" : null;
                } else if (!rest.isEmpty()) {
                    problem = "has '" + rest + "' after the IPv6 address";
                }
            }
        } else {
            int colon = value.indexOf(':');
            if (colon >= 0 && colon == value.lastIndexOf(':')) {
                host = value.substring(0, colon);
                port = parsePort(value.substring(colon + 1));
                problem = port == null ? "has an invalid port '" + value.substring(colon + 1) + "'" : null;
            } else if (colon >= 0) {
                problem = "is ambiguous: an IPv6 address with a port must be written [address]:port";
            }
        }
        if (problem == null && host.isBlank()) {
            problem = "has no host";
        }
        if (problem == null && source.property().equals("pika.host") && properties.getPort() != null) {
            port = properties.getPort();
        }
        if (problem != null) {
            violations.add(
                    source.property(), value, problem, "Write each address as host or host:port, e.g. rabbit-1:5672.");
            return;
        }
        int effectivePort = port != null
                ? port
                : properties.getSsl().determineEnabled()
                        ? ConnectionParameters.DEFAULT_SSL_PORT
                        : ConnectionParameters.DEFAULT_PORT;
        try {
            parsed.add(new Entry(new Address(host, effectivePort), null, source.property()));
        } catch (IllegalArgumentException e) {
            violations.add(source.property(), value, e.getMessage(), "Use a port between 1 and 65535.");
        }
    }

    private static Integer parsePort(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void checkDuplicates(List<Entry> parsed, Violations violations) {
        Set<Address> seen = new HashSet<>();
        for (Entry entry : parsed) {
            if (!seen.add(entry.address())) {
                violations.add(
                        entry.property(),
                        entry.address(),
                        "repeats an earlier address",
                        "List each broker once in pika.addresses.");
            }
        }
    }

    private static void checkSameIdentity(List<UrlIdentity> identities, Violations violations) {
        Optional<PlainCredentials> firstCredentials = identities.stream()
                .map(UrlIdentity::credentials)
                .flatMap(Optional::stream)
                .findFirst();
        Optional<String> firstVirtualHost = identities.stream()
                .map(UrlIdentity::virtualHost)
                .flatMap(Optional::stream)
                .findFirst();
        for (UrlIdentity identity : identities) {
            if (identity.credentials().isPresent() && !identity.credentials().equals(firstCredentials)) {
                violations.add(
                        identity.property(),
                        identity.credentials().get().username(),
                        "logs in differently from an earlier address",
                        "Use the same user and password in every address, or put them in pika.username and"
                                + " pika.password only.");
            }
            if (identity.virtualHost().isPresent() && !identity.virtualHost().equals(firstVirtualHost)) {
                violations.add(
                        identity.property(),
                        identity.virtualHost().get(),
                        "opens another virtual host than an earlier address (" + firstVirtualHost.orElse("") + ")",
                        "Use the same virtual host in every address, or put it in pika.virtual-host only.");
            }
        }
    }

    private static SslBundle resolveBundle(String name, SslBundles sslBundles, Violations violations) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (sslBundles == null) {
            violations.add(
                    "pika.ssl.bundle",
                    name,
                    "names an SSL bundle but the application has no SslBundles bean",
                    "Keep Spring Boot's SslAutoConfiguration enabled and define the bundle under spring.ssl.bundle.*.");
            return null;
        }
        try {
            return sslBundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            violations.add(
                    "pika.ssl.bundle",
                    name,
                    "no SSL bundle named '" + name + "' is configured (known: " + sslBundles.getBundleNames() + ")",
                    "Define it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name
                            + ", or fix the name.");
            return null;
        }
    }

    @Override
    public List<Address> getAddresses() {
        return entries.stream().map(Entry::address).toList();
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String getVirtualHost() {
        return virtualHost;
    }

    @Override
    public SslBundle getSslBundle() {
        return sslBundle;
    }

    /**
     * The parameters parsed from the AMQP URL that gave this address, with its query settings (TLS
     * files, heartbeat, {@code auth_mechanism}...); empty for a {@code host[:port]} address.
     *
     * @param address one of {@link #getAddresses()}
     * @return the URL's parameters, or empty
     */
    public Optional<ConnectionParameters> getUrlParameters(Address address) {
        return entries.stream()
                .filter(entry -> entry.address().equals(address))
                .findFirst()
                .map(Entry::urlParameters);
    }

    /**
     * The property that configured an address, for messages: {@code pika.url}, {@code
     * pika.addresses[i]} or {@code pika.host}.
     *
     * @param address one of {@link #getAddresses()}
     * @return the property name, or {@code pika.host} for an unknown address
     */
    public String getSourceProperty(Address address) {
        return entries.stream()
                .filter(entry -> entry.address().equals(address))
                .findFirst()
                .map(Entry::property)
                .orElse("pika.host");
    }

    @Override
    public String toString() {
        return "PropertiesPikaConnectionDetails{addresses=" + getAddresses() + ", username=" + username
                + ", virtualHost=" + virtualHost + ", sslBundle=" + (sslBundle != null) + "}";
    }

    /** Whether an AMQP URL spells out user information and a virtual host. */
    private record UrlParts(boolean hasUserInfo, boolean hasVirtualHost) {

        static UrlParts of(String url) {
            int start = url.indexOf("://") + 3;
            int end = url.length();
            for (char delimiter : new char[] {'/', '?', '#'}) {
                int index = url.indexOf(delimiter, start);
                if (index >= 0 && index < end) {
                    end = index;
                }
            }
            boolean userInfo = url.substring(start, end).indexOf('@') >= 0;
            boolean virtualHost = false;
            if (end < url.length() && url.charAt(end) == '/') {
                int pathEnd = url.length();
                for (char delimiter : new char[] {'?', '#'}) {
                    int index = url.indexOf(delimiter, end);
                    if (index >= 0 && index < pathEnd) {
                        pathEnd = index;
                    }
                }
                virtualHost = pathEnd - end > 1;
            }
            return new UrlParts(userInfo, virtualHost);
        }
    }
}
