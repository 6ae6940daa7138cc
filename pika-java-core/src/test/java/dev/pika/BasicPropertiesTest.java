package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.ShortStringTooLongException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicPropertiesTest {

    private static BasicProperties full() {
        return BasicProperties.builder()
                .contentType("application/json")
                .contentEncoding("gzip")
                .header("x-retries", 3)
                .header("x-raw", new byte[] {1, 2})
                .deliveryMode(DeliveryMode.PERSISTENT)
                .priority(5)
                .correlationId("corr")
                .replyTo("amq.rabbitmq.reply-to")
                .expiration("60000")
                .messageId("id-1")
                .timestamp(Instant.parse("2024-01-02T03:04:05.678Z"))
                .type("order.created")
                .userId("guest")
                .appId("shop")
                .clusterId("c1")
                .build();
    }

    @Test
    void everyPropertyIsUnsetByDefault() {
        BasicProperties empty = BasicProperties.builder().build();

        assertThat(empty).isEqualTo(BasicProperties.EMPTY);
        assertThat(empty.contentType()).isNull();
        assertThat(empty.headers()).isNull();
        assertThat(empty.deliveryMode()).isNull();
        assertThat(empty.priority()).isNull();
        assertThat(empty.timestamp()).isNull();
        assertThat(empty.clusterId()).isNull();
        assertThat(empty).hasToString("BasicProperties[]");
    }

    @Test
    void builderSetsEveryProperty() {
        BasicProperties properties = full();

        assertThat(properties.contentType()).isEqualTo("application/json");
        assertThat(properties.contentEncoding()).isEqualTo("gzip");
        assertThat(properties.headers()).containsEntry("x-retries", 3).containsKey("x-raw");
        assertThat(properties.deliveryMode()).isEqualTo(2);
        assertThat(properties.priority()).isEqualTo(5);
        assertThat(properties.correlationId()).isEqualTo("corr");
        assertThat(properties.replyTo()).isEqualTo("amq.rabbitmq.reply-to");
        assertThat(properties.expiration()).isEqualTo("60000");
        assertThat(properties.messageId()).isEqualTo("id-1");
        assertThat(properties.timestamp()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(properties.type()).isEqualTo("order.created");
        assertThat(properties.userId()).isEqualTo("guest");
        assertThat(properties.appId()).isEqualTo("shop");
        assertThat(properties.clusterId()).isEqualTo("c1");
    }

    @Test
    void toBuilderCopiesEverythingAndChangesOnlyWhatIsSet() {
        BasicProperties properties = full();

        BasicProperties changed =
                properties.toBuilder().priority(9).header("x-new", true).build();

        assertThat(properties.toBuilder().build()).isEqualTo(properties);
        assertThat(changed.priority()).isEqualTo(9);
        assertThat(changed.headers()).containsKeys("x-retries", "x-raw", "x-new");
        assertThat(properties.headers()).doesNotContainKey("x-new");
        assertThat(changed.messageId()).isEqualTo("id-1");
    }

    @Test
    void equalityComparesByteArrayHeadersByContent() {
        BasicProperties a = full();
        BasicProperties b = full();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(a.toBuilder().header("x-raw", new byte[] {1, 3}).build());
        assertThat(a).isNotEqualTo(a.toBuilder().appId("other").build());
        assertThat(BasicProperties.builder()
                        .header("l", List.of(new byte[] {7}))
                        .build())
                .isEqualTo(BasicProperties.builder()
                        .header("l", List.of(new byte[] {7}))
                        .build());
    }

    @Test
    void headersAreAnUnmodifiableOrderedCopy() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("b", 1);
        headers.put("a", null);
        BasicProperties properties = BasicProperties.builder().headers(headers).build();
        headers.put("c", 3);

        assertThat(properties.headers().keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> properties.headers().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void headerAfterHeadersDoesNotChangeTheCallersMap() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("a", 1);

        BasicProperties properties =
                BasicProperties.builder().headers(headers).header("b", 2).build();

        assertThat(headers).containsOnlyKeys("a");
        assertThat(properties.headers()).containsOnlyKeys("a", "b");
    }

    @Test
    void timestampIsTruncatedToSeconds() {
        BasicProperties properties = BasicProperties.builder()
                .timestamp(Instant.ofEpochSecond(10, 999_999_999))
                .build();

        assertThat(properties.timestamp()).isEqualTo(Instant.ofEpochSecond(10));
    }

    @Test
    void shortStringPropertiesAreLimitedTo255Bytes() {
        assertThatThrownBy(() -> BasicProperties.builder().correlationId("x".repeat(256)))
                .isInstanceOfSatisfying(
                        ShortStringTooLongException.class,
                        e -> assertThat(e.field()).isEqualTo("BasicProperties.correlationId"));
        assertThatThrownBy(() -> BasicProperties.builder().type("\u00e9".repeat(128)))
                .isInstanceOf(ShortStringTooLongException.class);
        assertThatThrownBy(() -> BasicProperties.builder().header("k".repeat(300), 1))
                .isInstanceOf(ShortStringTooLongException.class)
                .hasMessageContaining("headers key");
        assertThat(BasicProperties.builder().appId("a".repeat(255)).build().appId())
                .hasSize(255);
    }

    @Test
    void octetPropertiesAreRangeChecked() {
        assertThatThrownBy(() -> BasicProperties.builder().priority(256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BasicProperties.priority must be between 0 and 255");
        assertThatThrownBy(() -> BasicProperties.builder().deliveryMode(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BasicProperties.builder()
                        .deliveryMode((Integer) null)
                        .build()
                        .deliveryMode())
                .isNull();
    }

    @Test
    void toStringShowsOnlySetPropertiesAndByteArrayLengths() {
        String text = BasicProperties.builder()
                .contentType("text/plain")
                .header("raw", new byte[] {1})
                .deliveryMode(DeliveryMode.TRANSIENT)
                .build()
                .toString();

        assertThat(text).startsWith("BasicProperties[contentType=text/plain, headers={raw=");
        assertThat(text).endsWith(", deliveryMode=1]");
    }

    @Test
    void deliveryModeValues() {
        assertThat(DeliveryMode.TRANSIENT.value()).isEqualTo(1);
        assertThat(DeliveryMode.PERSISTENT.value()).isEqualTo(2);
        assertThat(DeliveryMode.fromValue(2)).isEqualTo(DeliveryMode.PERSISTENT);
        assertThatThrownBy(() -> DeliveryMode.fromValue(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 3");
    }
}
