package dev.pika.spec.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesTheShapesOfTheAmqpDefinition() {
        Object parsed = Json.parse(
                "{\"name\": \"AMQP\", \"port\": 5672, \"ratio\": 1.5e0, \"ok\": true, \"no\": false, \"none\": null,"
                        + " \"list\": [1, [\"a\\n\\\"b\\u00e9\"], {}], \"empty\": []}");

        assertThat(parsed).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parsed;
        assertThat(root.keySet()).containsExactly("name", "port", "ratio", "ok", "no", "none", "list", "empty");
        assertThat(root.get("port")).isEqualTo(5672L);
        assertThat(root.get("ratio")).isEqualTo(1.5d);
        assertThat(root.get("ok")).isEqualTo(true);
        assertThat(root.get("none")).isNull();
        assertThat(root.get("list")).isEqualTo(List.of(1L, List.of("a\n\"b\u00e9"), Map.of()));
        assertThat(root.get("empty")).isEqualTo(List.of());
    }

    @Test
    void invalidJsonNamesTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 5")
                .hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing characters");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("unexpected end of input");
    }
}
