package dev.pika.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link PikaProperties} from {@code name=value} pairs the way Spring Boot does, without checking them. */
final class Bind {

    private Bind() {}

    static PikaProperties properties(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            map.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("pika", PikaProperties.class);
    }

    /** Binds and checks, as at start-up. */
    static PikaProperties validated(String... pairs) {
        PikaProperties properties = properties(pairs);
        properties.afterPropertiesSet();
        return properties;
    }
}
