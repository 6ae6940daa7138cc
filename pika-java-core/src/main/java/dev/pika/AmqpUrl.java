package dev.pika;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * {@link ConnectionParameters#fromUrl(String)} and {@link ConnectionParameters#toUrl()}: the AMQP
 * URL grammar, Pika's {@code URLParameters} query names, the RabbitMQ URI query names and the Java
 * extras. TLS dictionaries are mapped by {@link UrlSslOptions}.
 *
 * <p>Stateless; safe from any thread. Error messages never contain the password or the {@code
 * ssl_options} value.
 */
final class AmqpUrl {

    private static final System.Logger LOG = System.getLogger(AmqpUrl.class.getName());

    /** Characters written as they are in user, password and virtual host: RFC 3986 unreserved. */
    private static final String UNRESERVED = "-._~";
    /** Characters also written as they are in query values (RFC 3986 pchar minus '&', '=', '+'). */
    private static final String QUERY_SAFE = UNRESERVED + "!$'()*,;:@/?";

    private static final String UNENCODED_USER_INFO = "'@' after the host or in a query name: percent-encode"
            + " '/', '?', '#' and '@' in user names and passwords (as %2F, %3F, %23, %40)";

    private static final Map<String, BiConsumer<State, String>> QUERY_HANDLERS = handlers();

    /** The query names {@link #parse} accepts, sorted. */
    static final Set<String> QUERY_NAMES = Collections.unmodifiableSet(QUERY_HANDLERS.keySet());

    private AmqpUrl() {}

    /** What the query has set so far; applied to the builder once every name was read. */
    private static final class State {
        final ConnectionParameters.Builder builder = ConnectionParameters.builder();
        boolean tls;
        boolean sslOptionsNone;
        Map<String, Object> sslDictionary;
        final Map<String, String> rabbitTls = new LinkedHashMap<>();
        String authMechanism;
    }

    static ConnectionParameters parse(String url) {
        Checks.notNull("url", url);
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw error("must start with amqp:// or amqps://");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        State state = new State();
        switch (scheme) {
            case "amqp" -> state.tls = false;
            case "amqps" -> state.tls = true;
            default -> throw error("unsupported scheme '" + scheme + "'; use amqp or amqps");
        }
        String rest = text.substring(schemeEnd + 3);
        if (rest.indexOf('#') >= 0) {
            throw error("a URL has no fragment ('#'); percent-encode '#' in user names, passwords and"
                    + " virtual hosts as %23");
        }
        int queryStart = rest.indexOf('?');
        String query = queryStart >= 0 ? rest.substring(queryStart + 1) : "";
        String hierarchy = queryStart >= 0 ? rest.substring(0, queryStart) : rest;
        int pathStart = hierarchy.indexOf('/');
        if (pathStart >= 0 && hierarchy.indexOf('@', pathStart) >= 0) {
            throw error(UNENCODED_USER_INFO);
        }
        String authority = pathStart >= 0 ? hierarchy.substring(0, pathStart) : hierarchy;
        String path = pathStart >= 0 ? hierarchy.substring(pathStart) : "";

        String username = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            username = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, false, "user name", true);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), false, "password", false) : "";
            authority = authority.substring(at + 1);
        }
        parseHostAndPort(authority, state.builder);

        if (path.length() > 1) {
            String segment = path.substring(1);
            if (segment.indexOf('/') >= 0) {
                throw error("the virtual host '" + segment + "' contains '/'; percent-encode it as %2F"
                        + " (the virtual host / is %2F)");
            }
            state.builder.virtualHost(decode(segment, false, "virtual host", true));
        }

        for (Map.Entry<String, String> parameter : queryParameters(query).entrySet()) {
            String name = parameter.getKey();
            BiConsumer<State, String> handler = QUERY_HANDLERS.get(name);
            if (handler == null) {
                throw error("unknown query parameter '" + name + "'; supported are " + QUERY_NAMES);
            }
            try {
                handler.accept(state, parameter.getValue());
            } catch (IllegalArgumentException e) {
                String shown = name.equals("ssl_options") ? "(value hidden)" : "'" + parameter.getValue() + "'";
                throw new IllegalArgumentException(
                        "AMQP URL: invalid " + name + " " + shown + ": " + e.getMessage(), e);
            }
        }
        applyCredentials(state, username, password);
        applyTls(state);
        return state.builder.build();
    }

    private static void parseHostAndPort(String authority, ConnectionParameters.Builder builder) {
        String host;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw error("an IPv6 host must be closed with ']', as in amqp://[::1]:5672");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw error("unexpected '" + after + "' after the IPv6 host; expected :port");
                }
                port = after.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw error("put IPv6 hosts in brackets, as in amqp://[::1]:5672");
            }
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            port = colon >= 0 ? authority.substring(colon + 1) : "";
        }
        if (!host.isEmpty()) {
            builder.host(host.toLowerCase(Locale.ROOT));
        }
        if (!port.isEmpty()) {
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
                // not echoed: with an unencoded '/' or '?' in the password this would be part of it
                throw error("the port is not a number between 1 and 65535; percent-encode '/', '?', '#' and '@'"
                        + " in user names and passwords (as %2F, %3F, %23, %40)");
            }
            builder.port(Integer.parseInt(port));
        }
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String piece : query.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int equals = piece.indexOf('=');
            if ((equals >= 0 ? piece.substring(0, equals) : piece).indexOf('@') >= 0) {
                throw error(UNENCODED_USER_INFO);
            }
            String name = decode(equals >= 0 ? piece.substring(0, equals) : piece, true, "query name", true);
            if (equals < 0 || equals == piece.length() - 1) {
                throw error("query parameter '" + name + "' has no value; write " + name + "=<value>");
            }
            String value =
                    decode(piece.substring(equals + 1), true, "the value of " + name, !name.equals("ssl_options"));
            if (parameters.putIfAbsent(name, value) != null) {
                throw error("expected exactly one value for query parameter '" + name + "', but got several");
            }
        }
        return parameters;
    }

    private static void applyCredentials(State state, String username, String password) {
        if ("external".equals(state.authMechanism)) {
            state.builder.credentials(new ExternalCredentials());
        } else if (username != null) {
            state.builder.credentials(new PlainCredentials(username, password));
        }
    }

    private static void applyTls(State state) {
        boolean tlsParameters = state.sslDictionary != null || !state.rabbitTls.isEmpty();
        if (state.sslOptionsNone && (state.tls || !state.rabbitTls.isEmpty())) {
            throw error("ssl_options=None contradicts the amqps scheme or the TLS query parameters");
        }
        if (!state.tls && !tlsParameters) {
            return;
        }
        if (!tlsParameters) {
            state.builder.sslOptions(SslOptions.defaults());
            return;
        }
        SslOptions.Builder ssl = SslOptions.builder();
        if (state.sslDictionary != null) {
            try {
                UrlSslOptions.apply(state.sslDictionary, ssl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "AMQP URL: invalid ssl_options (value hidden): " + e.getMessage(), e);
            }
        }
        UrlSslOptions.applyRabbitMq(state.rabbitTls, ssl);
        state.builder.sslOptions(ssl.build());
    }

    private static Map<String, BiConsumer<State, String>> handlers() {
        Map<String, BiConsumer<State, String>> h = new TreeMap<>();
        // Pika 1.2 URLParameters
        h.put(
                "backpressure_detection",
                (s, v) -> LOG.log(
                        Level.INFO,
                        "AMQP URL: backpressure_detection={0} ignored (removed in Pika 1.0; use"
                                + " writeBufferHighWatermark)",
                        v));
        h.put("blocked_connection_timeout", (s, v) -> s.builder.blockedConnectionTimeout(secondsOrNone(v)));
        h.put("channel_max", (s, v) -> s.builder.channelMax(integer(v)));
        h.put(
                "client_properties",
                (s, v) -> s.builder.clientProperties(PythonLiterals.parseDict(v, "client_properties", true)));
        h.put("connection_attempts", (s, v) -> s.builder.connectionAttempts(integer(v)));
        h.put("frame_max", (s, v) -> s.builder.frameMax(integer(v)));
        h.put("heartbeat", (s, v) -> s.builder.heartbeat(Duration.ofSeconds(integer(v))));
        h.put("locale", (s, v) -> s.builder.locale(v));
        h.put("retry_delay", (s, v) -> s.builder.retryDelay(seconds(v)));
        h.put("socket_timeout", (s, v) -> s.builder.socketTimeout(secondsOrNone(v)));
        h.put("stack_timeout", (s, v) -> s.builder.stackTimeout(secondsOrNone(v)));
        h.put("ssl_options", (s, v) -> {
            Map<String, Object> dictionary = PythonLiterals.parseDict(v, "ssl_options", false);
            s.sslOptionsNone = dictionary == null;
            s.sslDictionary = dictionary;
        });
        h.put(
                "tcp_options",
                (s, v) -> s.builder.tcpOptions(
                        TcpOptions.fromPikaOptions(PythonLiterals.parseDict(v, "tcp_options", true))));
        // RabbitMQ URI query parameters
        h.put("auth_mechanism", (s, v) -> {
            String mechanism = v.toLowerCase(Locale.ROOT);
            if (!mechanism.equals("plain") && !mechanism.equals("external")) {
                throw new IllegalArgumentException("supported mechanisms are plain and external");
            }
            s.authMechanism = mechanism;
        });
        h.put("connection_timeout", (s, v) -> {
            long millis = integer(v);
            Checks.atLeast("connection_timeout (milliseconds)", millis, 0);
            s.builder.socketTimeout(millis == 0 ? null : Duration.ofMillis(millis));
        });
        for (String name : UrlSslOptions.RABBITMQ_NAMES) {
            h.put(name, (s, v) -> s.rabbitTls.put(name, v));
        }
        // Java extras
        h.put("connection_name", (s, v) -> s.builder.connectionName(v));
        h.put("max_inbound_message_body_size", (s, v) -> s.builder.maxInboundMessageBodySize(integer(v)));
        h.put("write_buffer_high_watermark", (s, v) -> s.builder.writeBufferHighWatermark(longInteger(v)));
        h.put("write_buffer_limit", (s, v) -> s.builder.writeBufferLimit(longInteger(v)));
        return Collections.unmodifiableMap(h);
    }

    private static int integer(String value) {
        long parsed = longInteger(value);
        if (parsed != (int) parsed) {
            throw new IllegalArgumentException("expected an integer, but '" + value + "' is out of range");
        }
        return (int) parsed;
    }

    private static long longInteger(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, but was '" + value + "'", e);
        }
    }

    /** Decimal seconds as Python's {@code float(value)}, e.g. {@code 2}, {@code 0.5}, {@code 1e3}. */
    static Duration seconds(String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of seconds, but was '" + value + "'", e);
        }
        try {
            return Duration.ofNanos(
                    seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the number of seconds '" + value + "' is out of range", e);
        }
    }

    private static Duration secondsOrNone(String value) {
        return value.trim().equalsIgnoreCase("none") ? null : seconds(value);
    }

    /** Percent-decodes (and '+' to space in queries, as Python's parse_qs); strict UTF-8. */
    static String decode(String text, boolean plusAsSpace, String what, boolean showValue) {
        if (text.indexOf('%') < 0) {
            return plusAsSpace ? text.replace('+', ' ') : text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            int c = text.codePointAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw error("invalid percent-encoding at index " + i + " of the " + what
                            + (showValue ? " '" + text + "'" : "") + "; write a '%' as %25");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && plusAsSpace) {
                bytes.write(' ');
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("the percent-encoded " + what + " is not valid UTF-8");
        }
    }

    static String encode(String text, String safe) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || safe.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("AMQP URL: " + problem);
    }

    static String format(ConnectionParameters p) {
        StringBuilder url = new StringBuilder(p.sslOptions().isPresent() ? "amqps://" : "amqp://");
        List<String> query = new ArrayList<>();
        if (p.credentials() instanceof PlainCredentials plain) {
            if (plain.eraseOnConnect()) {
                throw new IllegalStateException("toUrl: credentials with eraseOnConnect have no URL form");
            }
            if (!plain.equals(ConnectionParameters.DEFAULT_CREDENTIALS)) {
                url.append(encode(plain.username(), UNRESERVED)).append(':');
                url.append(encode(plain.password(), UNRESERVED)).append('@');
            }
        } else {
            query.add("auth_mechanism=external");
        }
        url.append(p.host().indexOf(':') >= 0 ? "[" + p.host() + "]" : p.host());
        if (p.portExplicit()) {
            url.append(':').append(p.port());
        }
        url.append('/').append(encode(p.virtualHost(), UNRESERVED));

        if (p.heartbeatNegotiator().isPresent()) {
            throw new IllegalStateException("toUrl: a heartbeat negotiator has no URL form");
        }
        if (p.metricsCollector() != MetricsCollector.NOOP) {
            throw new IllegalStateException("toUrl: a metrics collector has no URL form");
        }
        p.heartbeat().ifPresent(h -> query.add("heartbeat=" + h.getSeconds()));
        addIfNot(query, "channel_max", p.channelMax(), ConnectionParameters.DEFAULT_CHANNEL_MAX);
        addIfNot(query, "frame_max", p.frameMax(), ConnectionParameters.DEFAULT_FRAME_MAX);
        addIfNot(
                query, "connection_attempts", p.connectionAttempts(), ConnectionParameters.DEFAULT_CONNECTION_ATTEMPTS);
        if (!p.retryDelay().equals(ConnectionParameters.DEFAULT_RETRY_DELAY)) {
            query.add("retry_delay=" + seconds(p.retryDelay()));
        }
        addTimeout(
                query, "socket_timeout", p.socketTimeout().orElse(null), ConnectionParameters.DEFAULT_SOCKET_TIMEOUT);
        addTimeout(query, "stack_timeout", p.stackTimeout().orElse(null), ConnectionParameters.DEFAULT_STACK_TIMEOUT);
        addTimeout(
                query,
                "blocked_connection_timeout",
                p.blockedConnectionTimeout().orElse(null),
                null);
        if (!p.locale().equals(ConnectionParameters.DEFAULT_LOCALE)) {
            query.add("locale=" + encode(p.locale(), QUERY_SAFE));
        }
        Map<String, Object> clientProperties = p.clientProperties();
        if (!clientProperties.isEmpty()) {
            query.add("client_properties=" + encode(literal(clientProperties, "clientProperties"), QUERY_SAFE));
        }
        if (p.explicitConnectionName() != null) {
            query.add("connection_name=" + encode(p.explicitConnectionName(), QUERY_SAFE));
        }
        if (!p.tcpOptions().equals(TcpOptions.DEFAULT)) {
            query.add("tcp_options=" + encode(literal(p.tcpOptions().toPikaOptions(), "tcpOptions"), QUERY_SAFE));
        }
        if (p.sslOptions().isPresent() && !p.sslOptions().get().equals(SslOptions.defaults())) {
            query.add("ssl_options="
                    + encode(literal(UrlSslOptions.toDictionary(p.sslOptions().get()), "sslOptions"), QUERY_SAFE));
        }
        addIfNot(
                query,
                "max_inbound_message_body_size",
                p.maxInboundMessageBodySize(),
                ConnectionParameters.DEFAULT_MAX_INBOUND_MESSAGE_BODY_SIZE);
        addIfNot(
                query,
                "write_buffer_high_watermark",
                p.writeBufferHighWatermark(),
                ConnectionParameters.DEFAULT_WRITE_BUFFER_HIGH_WATERMARK);
        addIfNot(query, "write_buffer_limit", p.writeBufferLimit(), ConnectionParameters.DEFAULT_WRITE_BUFFER_LIMIT);
        if (!query.isEmpty()) {
            url.append('?').append(String.join("&", query));
        }
        return url.toString();
    }

    private static String literal(Object value, String setting) {
        try {
            return PythonLiterals.format(value, setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("toUrl: " + e.getMessage(), e);
        }
    }

    private static void addIfNot(List<String> query, String name, long value, long defaultValue) {
        if (value != defaultValue) {
            query.add(name + "=" + value);
        }
    }

    private static void addTimeout(List<String> query, String name, Duration value, Duration defaultValue) {
        if (value == null ? defaultValue != null : !value.equals(defaultValue)) {
            query.add(name + "=" + (value == null ? "None" : seconds(value)));
        }
    }

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros()
                .toPlainString();
    }
}
