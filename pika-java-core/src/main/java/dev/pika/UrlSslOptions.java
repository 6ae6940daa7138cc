package dev.pika;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Maps the TLS settings of an AMQP URL onto {@link SslOptions}: Pika's {@code ssl_options}
 * dictionary (the keys Pika passes to {@code SSLContext}, plus Java key stores) and the RabbitMQ URI
 * names ({@code cacertfile}, {@code certfile}, {@code keyfile}, {@code verify}, {@code
 * server_name_indication}); and back, for {@link ConnectionParameters#toUrl()}.
 *
 * <p>Stateless; safe from any thread. Messages never contain a password.
 */
final class UrlSslOptions {

    /** The RabbitMQ URI query names that configure TLS. */
    static final List<String> RABBITMQ_NAMES =
            List.of("cacertfile", "certfile", "keyfile", "verify", "server_name_indication");

    /** The keys of an {@code ssl_options} dictionary. */
    static final Set<String> DICTIONARY_KEYS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "ca_certs",
            "cafile",
            "ca_path",
            "capath",
            "ca_data",
            "cadata",
            "certfile",
            "keyfile",
            "password",
            "key_password",
            "ciphers",
            "protocol",
            "protocols",
            "server_hostname",
            "check_hostname",
            "verify",
            "cert_reqs",
            "server_name_indication",
            "truststore",
            "truststore_password",
            "truststore_type",
            "keystore",
            "keystore_password",
            "keystore_type")));

    private UrlSslOptions() {}

    static void apply(Map<String, Object> options, SslOptions.Builder ssl) {
        for (String key : options.keySet()) {
            if (!DICTIONARY_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown ssl_options key '" + key + "'; supported keys are " + DICTIONARY_KEYS);
            }
        }
        for (String path : strings(options, "ca_certs", "cafile")) {
            ssl.trustCertificates(Path.of(path));
        }
        for (String directory : strings(options, "ca_path", "capath")) {
            certificateFiles(Path.of(directory)).forEach(ssl::trustCertificates);
        }
        for (String pem : strings(options, "ca_data", "cadata")) {
            ssl.trustCertificatesPem(pem);
        }
        String certfile = string(options, "certfile");
        String keyfile = string(options, "keyfile");
        String keyPassword =
                string(options, "password") != null ? string(options, "password") : string(options, "key_password");
        if (keyfile != null && certfile == null) {
            throw new IllegalArgumentException("ssl_options 'keyfile' needs 'certfile' (the client certificate chain)");
        }
        if (certfile != null) {
            ssl.keyCertificateChain(Path.of(certfile), Path.of(keyfile != null ? keyfile : certfile), keyPassword);
        }
        String truststore = string(options, "truststore");
        if (truststore != null) {
            ssl.trustStore(
                    Path.of(truststore), string(options, "truststore_password"), string(options, "truststore_type"));
        }
        String keystore = string(options, "keystore");
        if (keystore != null) {
            if (certfile != null) {
                throw new IllegalArgumentException("ssl_options: use either 'keystore' or 'certfile', not both");
            }
            ssl.keyStore(
                    Path.of(keystore),
                    string(options, "keystore_password"),
                    keyPassword,
                    string(options, "keystore_type"));
        }
        String ciphers = string(options, "ciphers");
        if (ciphers != null) {
            ssl.cipherSuites(ciphers.trim().split("[:,\\s]+"));
        }
        if (options.containsKey("protocol")) {
            String protocol = protocol(options.get("protocol"));
            if (protocol != null) {
                ssl.protocols(protocol);
            }
        }
        List<String> protocols = strings(options, "protocols");
        if (!protocols.isEmpty()) {
            ssl.protocols(protocols.toArray(new String[0]));
        }
        String serverHostname = string(options, "server_hostname");
        if (serverHostname != null) {
            ssl.serverHostname(serverHostname);
        }
        if (options.containsKey("check_hostname")) {
            ssl.verifyHostname(bool(options, "check_hostname"));
        }
        if (options.containsKey("server_name_indication")) {
            ssl.serverNameIndication(bool(options, "server_name_indication"));
        }
        if (options.containsKey("verify")) {
            Object verify = options.get("verify");
            ssl.verifyPeer(verify instanceof String text ? verifyMode(text) : bool(options, "verify"));
        }
        if (options.containsKey("cert_reqs")) {
            ssl.verifyPeer(certificateRequirement(options.get("cert_reqs")));
        }
    }

    static void applyRabbitMq(Map<String, String> names, SslOptions.Builder ssl) {
        String cacertfile = names.get("cacertfile");
        if (cacertfile != null) {
            ssl.trustCertificates(Path.of(cacertfile));
        }
        String certfile = names.get("certfile");
        String keyfile = names.get("keyfile");
        if (keyfile != null && certfile == null) {
            throw new IllegalArgumentException("AMQP URL: keyfile needs certfile (the client certificate chain)");
        }
        if (certfile != null) {
            ssl.keyCertificateChain(Path.of(certfile), Path.of(keyfile != null ? keyfile : certfile), null);
        }
        String verify = names.get("verify");
        if (verify != null) {
            try {
                ssl.verifyPeer(verifyMode(verify));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("AMQP URL: invalid verify: " + e.getMessage(), e);
            }
        }
        String sni = names.get("server_name_indication");
        if (sni != null) {
            if (sni.equalsIgnoreCase("disable")) {
                ssl.serverNameIndication(false);
            } else {
                ssl.serverHostname(sni);
            }
        }
    }

    /**
     * The {@code ssl_options} dictionary that {@link #apply} turns back into equal options.
     *
     * @throws IllegalStateException when the options have no dictionary form
     */
    static Map<String, Object> toDictionary(SslOptions options) {
        if (options.contextSupplied()) {
            throw new IllegalStateException("toUrl: an SSLContext given by the application has no URL form");
        }
        if (options.trustStores().size() > 1) {
            throw new IllegalStateException("toUrl: several trust stores have no URL form; use one");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        List<String> caFiles =
                options.trustCertificateFiles().stream().map(Path::toString).toList();
        if (!caFiles.isEmpty()) {
            map.put("ca_certs", caFiles.size() == 1 ? caFiles.get(0) : caFiles);
        }
        List<String> caData = options.trustCertificatesPem();
        if (!caData.isEmpty()) {
            map.put("ca_data", caData.size() == 1 ? caData.get(0) : caData);
        }
        for (SslOptions.StoreFile store : options.trustStores()) {
            map.put("truststore", store.path().toString());
            putIfNotNull(map, "truststore_password", store.password());
            putIfNotNull(map, "truststore_type", store.type());
        }
        options.pemKey().ifPresent(pem -> {
            map.put("certfile", pem.certificateChain().toString());
            if (!pem.privateKey().equals(pem.certificateChain())) {
                map.put("keyfile", pem.privateKey().toString());
            }
            putIfNotNull(map, "password", pem.keyPassword());
        });
        options.keyStore().ifPresent(store -> {
            map.put("keystore", store.path().toString());
            putIfNotNull(map, "keystore_password", store.password());
            putIfNotNull(map, "key_password", store.keyPassword());
            putIfNotNull(map, "keystore_type", store.type());
        });
        if (!options.protocols().isEmpty()) {
            map.put("protocols", options.protocols());
        }
        if (!options.cipherSuites().isEmpty()) {
            map.put("ciphers", String.join(":", options.cipherSuites()));
        }
        options.serverHostname().ifPresent(name -> map.put("server_hostname", name));
        if (!options.verifyPeer()) {
            map.put("verify", Boolean.FALSE);
        }
        if (!options.verifyHostnameSetting()) {
            map.put("check_hostname", Boolean.FALSE);
        }
        if (!options.serverNameIndication()) {
            map.put("server_name_indication", Boolean.FALSE);
        }
        return map;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static List<Path> certificateFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("ssl_options ca_path " + directory + " is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.sorted().toList()) {
                if (Files.isRegularFile(file)
                        && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                                .contains("-----BEGIN CERTIFICATE-----")) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "ssl_options ca_path " + directory + " cannot be read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("ssl_options ca_path " + directory + " holds no PEM certificate file");
        }
        return files;
    }

    private static String string(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("ssl_options '" + key + "' must be a string");
    }

    /** The values of the first present key: a string or a list of strings. */
    private static List<String> strings(Map<String, Object> options, String... keys) {
        List<String> values = new ArrayList<>();
        for (String key : keys) {
            Object value = options.get(key);
            if (value instanceof String text) {
                values.add(text);
            } else if (value instanceof List<?> list) {
                for (Object element : list) {
                    if (!(element instanceof String text)) {
                        throw new IllegalArgumentException("ssl_options '" + key + "' must hold strings");
                    }
                    values.add(text);
                }
            } else if (value != null) {
                throw new IllegalArgumentException("ssl_options '" + key + "' must be a string or a list of strings");
            }
        }
        return values;
    }

    private static boolean bool(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("ssl_options '" + key + "' must be True or False");
    }

    private static boolean verifyMode(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "verify_peer":
                return true;
            case "verify_none":
                return false;
            default:
                throw new IllegalArgumentException("verify must be verify_peer or verify_none, but was '" + mode + "'");
        }
    }

    /** Python's {@code ssl.CERT_*}: 0/CERT_NONE trusts any server; 1, 2, CERT_OPTIONAL, CERT_REQUIRED verify. */
    private static boolean certificateRequirement(Object value) {
        if (value instanceof Integer number && number >= 0 && number <= 2) {
            return number != 0;
        }
        if (value instanceof String name) {
            switch (name.toUpperCase(Locale.ROOT)) {
                case "CERT_NONE":
                    return false;
                case "CERT_OPTIONAL":
                case "CERT_REQUIRED":
                    return true;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                "ssl_options 'cert_reqs' must be 0/'CERT_NONE', 1/'CERT_OPTIONAL' or 2/'CERT_REQUIRED'");
    }

    /**
     * Python's {@code ssl.PROTOCOL_*} numbers or a JDK protocol name; null for "the defaults"
     * ({@code PROTOCOL_TLS}, {@code PROTOCOL_TLS_CLIENT}, {@code 'TLS'}).
     */
    private static String protocol(Object value) {
        if (value instanceof Integer number) {
            switch (number) {
                case 2: // PROTOCOL_TLS (PROTOCOL_SSLv23)
                case 16: // PROTOCOL_TLS_CLIENT
                    return null;
                case 3:
                    return "TLSv1";
                case 4:
                    return "TLSv1.1";
                case 5:
                    return "TLSv1.2";
                default:
                    break;
            }
        } else if (value instanceof String name) {
            return name.equalsIgnoreCase("TLS") ? null : name;
        }
        throw new IllegalArgumentException("ssl_options 'protocol' must be a protocol name such as 'TLSv1.2' or"
                + " 'TLSv1.3', or one of Python's ssl.PROTOCOL_TLS (2), PROTOCOL_TLS_CLIENT (16), PROTOCOL_TLSv1 (3),"
                + " PROTOCOL_TLSv1_1 (4), PROTOCOL_TLSv1_2 (5)");
    }
}
