package dev.pika.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Reads the {@code META-INF/spring-configuration-metadata.json} that the configuration processor wrote
 * for this module and checks it against {@link PikaProperties}, walked by reflection: every property
 * is listed, with a description following Spring Boot's rules, and with its default when the class
 * has one. The module's only other properties are the health contributor's ({@code management.health.pika.*}),
 * whose descriptions follow the same rules.
 */
class PikaPropertiesMetadataTest {

    private static Map<String, Map<String, Object>> metadata;

    @BeforeAll
    static void readMetadata() throws IOException {
        URL classes = PikaProperties.class.getProtectionDomain().getCodeSource().getLocation();
        URL file = new URL(classes, "META-INF/spring-configuration-metadata.json");
        String json;
        try (InputStream in = file.openStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties");
        metadata = new TreeMap<>();
        for (Map<String, Object> property : properties) {
            metadata.put((String) property.get("name"), property);
        }
    }

    @Test
    void everyPropertyOfPikaPropertiesIsListedAndNothingElse() {
        Map<String, Object> expected = walk(PikaProperties.PREFIX, new PikaProperties());

        assertThat(expected).hasSizeGreaterThan(40);
        assertThat(metadata.keySet().stream().filter(name -> name.startsWith(PikaProperties.PREFIX + ".")))
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(metadata.keySet())
                .as("the only other properties are the health contributor's")
                .allMatch(name ->
                        name.startsWith(PikaProperties.PREFIX + ".") || name.startsWith("management.health.pika."));
    }

    @Test
    void everyPropertyHasADescriptionFollowingBootsRules() {
        assertThat(metadata).isNotEmpty();
        metadata.forEach((name, property) -> {
            String description = (String) property.get("description");
            assertThat(description).as("description of %s", name).isNotBlank();
            assertThat(Character.isUpperCase(description.charAt(0)))
                    .as("%s starts with a capital: %s", name, description)
                    .isTrue();
            assertThat(description).as("%s ends with a period", name).endsWith(".");
            assertThat(description)
                    .as("%s does not start with an article", name)
                    .doesNotStartWith("The ");
            assertThat(description)
                    .as("%s does not start with an article", name)
                    .doesNotStartWith("A ");
            if ("java.lang.Boolean".equals(property.get("type"))) {
                assertThat(description).as("%s is a boolean", name).startsWith("Whether");
            }
        });
    }

    @Test
    void everyDefaultOfThePropertiesClassIsInTheMetadata() {
        Map<String, Object> defaults = walk(PikaProperties.PREFIX, new PikaProperties());
        defaults.forEach((name, value) -> {
            if (value == null
                    || (value instanceof Collection<?> c && c.isEmpty())
                    || (value instanceof Map<?, ?> m && m.isEmpty())) {
                return;
            }
            Object listed = metadata.get(name).get("defaultValue");
            assertThat(listed).as("default of %s", name).isNotNull();
            assertThat(sameValue(value, listed))
                    .as("default of %s: class has %s, metadata says %s", name, value, listed)
                    .isTrue();
        });
    }

    @Test
    void settingsThatDefaultToPikasValuesListThemToo() {
        assertThat(metadata.get("pika.frame-max").get("defaultValue")).isEqualTo(131072);
        assertThat(metadata.get("pika.channel-max").get("defaultValue")).isEqualTo(65535);
        assertThat(metadata.get("pika.connection-timeout").get("defaultValue")).isEqualTo("10s");
        assertThat(metadata.get("pika.max-inbound-message-body-size").get("defaultValue"))
                .isEqualTo("128MB");
    }

    @Test
    void heartbeatIsInSecondsLikePikas() throws Exception {
        DurationUnit unit = PikaProperties.class.getDeclaredField("heartbeat").getAnnotation(DurationUnit.class);

        assertThat(unit.value()).isEqualTo(ChronoUnit.SECONDS);
        assertThat((String) metadata.get("pika.heartbeat").get("description")).contains("seconds will be used");
    }

    /** Property name to default value, recursing into the nested groups (types declared in PikaProperties). */
    private static Map<String, Object> walk(String prefix, Object bean) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean.getClass())) {
            Method getter = descriptor.getReadMethod();
            if (getter == null || descriptor.getName().equals("class")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String name = prefix + "." + kebab(descriptor.getName());
            Class<?> type = descriptor.getPropertyType();
            if (type.getDeclaringClass() == PikaProperties.class && !type.isEnum()) {
                result.putAll(walk(name, value));
            } else if (descriptor.getWriteMethod() != null) {
                result.put(name, value);
            }
        }
        return result;
    }

    private static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean sameValue(Object value, Object listed) {
        if (value instanceof Duration duration) {
            return DurationStyle.detectAndParse(listed.toString()).equals(duration);
        }
        if (value instanceof DataSize size) {
            return DataSize.parse(listed.toString()).equals(size);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().equalsIgnoreCase(listed.toString());
        }
        if (value instanceof Number number && listed instanceof Number other) {
            return number.doubleValue() == other.doubleValue();
        }
        return value.equals(listed);
    }
}
