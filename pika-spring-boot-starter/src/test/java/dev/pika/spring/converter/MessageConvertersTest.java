package dev.pika.spring.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.spring.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageConvertersTest {

    record Order(String id, int quantity) {}

    private final SimpleMessageConverter simple = new SimpleMessageConverter();
    private final JacksonJsonMessageConverter json = new JacksonJsonMessageConverter();

    @Test
    void stringsAreUtf8TextAndBytesAreOctetStreams() {
        Message text = simple.toMessage("héllo", null);
        Message bytes = simple.toMessage(new byte[] {1, 2}, null);

        assertThat(text.properties().contentType()).isEqualTo("text/plain");
        assertThat(text.properties().contentEncoding()).isEqualTo("UTF-8");
        assertThat(text.body()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes.properties().contentType()).isEqualTo("application/octet-stream");
        assertThat(simple.fromMessage(text)).isEqualTo("héllo");
        assertThat(simple.fromMessage(bytes)).isEqualTo(new byte[] {1, 2});
    }

    @Test
    void theSimpleConverterRefusesObjectsSayingWhatToDo() {
        assertThatThrownBy(() -> simple.toMessage(new Order("a", 1), null))
                .isInstanceOf(MessageConversionException.class)
                .hasMessageContaining("jackson-databind");
    }

    @Test
    void givenPropertiesAreKept() {
        BasicProperties properties =
                BasicProperties.builder().correlationId("c-1").header("a", "b").build();

        Message message = json.toMessage(new Order("a", 1), properties);

        assertThat(message.properties().correlationId()).isEqualTo("c-1");
        assertThat(message.properties().headers()).containsEntry("a", "b");
    }

    @Test
    void objectsBecomeJsonWithContentTypeAndTypeHint() {
        Message message = json.toMessage(new Order("o-1", 2), null);

        assertThat(message.properties().contentType()).isEqualTo("application/json");
        assertThat(message.properties().headers())
                .containsEntry(JacksonJsonMessageConverter.TYPE_ID_HEADER, Order.class.getName());
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"o-1\",\"quantity\":2}");
        assertThat(json.fromMessage(message, Order.class)).isEqualTo(new Order("o-1", 2));
    }

    @Test
    void theTypeHintIsFollowedOnlyForTrustedPackages() {
        Message message = json.toMessage(new Order("o-1", 2), null);

        assertThat(json.fromMessage(message)).isInstanceOf(Map.class);
        json.setTrustedPackages("dev.pika.spring");
        assertThat(json.fromMessage(message)).isEqualTo(new Order("o-1", 2));
    }

    @Test
    void theJsonConverterSendsStringsAndBytesAsIs() {
        assertThat(json.toMessage("plain", null).properties().contentType()).isEqualTo("text/plain");
        assertThat(json.fromMessage(simple.toMessage("plain", null))).isEqualTo("plain");
    }

    @Test
    void unreadableJsonIsAConversionException() {
        Message broken = new Message(
                "{not json".getBytes(StandardCharsets.UTF_8),
                BasicProperties.builder().contentType("application/json").build());

        assertThatThrownBy(() -> json.fromMessage(broken, Order.class))
                .isInstanceOf(MessageConversionException.class)
                .hasMessageContaining(Order.class.getName().replace('$', '.').substring(0, 10));
    }
}
