package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void plainResponseIsNulUserNulPasswordInUtf8() {
        PlainCredentials credentials = new PlainCredentials("guest", "guest");

        assertThat(credentials.mechanism()).isEqualTo("PLAIN");
        assertThat(credentials.response()).containsExactly(0, 'g', 'u', 'e', 's', 't', 0, 'g', 'u', 'e', 's', 't');
    }

    @Test
    void plainResponseEncodesNonAsciiAsUtf8() {
        byte[] response = new PlainCredentials("jörg", "pässwörd€").response();

        byte[] user = "jörg".getBytes(StandardCharsets.UTF_8);
        byte[] pass = "pässwörd€".getBytes(StandardCharsets.UTF_8);
        assertThat(response).hasSize(user.length + pass.length + 2);
        assertThat(response[0]).isZero();
        assertThat(response[user.length + 1]).isZero();
        assertThat(new String(response, 1, user.length, StandardCharsets.UTF_8)).isEqualTo("jörg");
        assertThat(new String(response, user.length + 2, pass.length, StandardCharsets.UTF_8))
                .isEqualTo("pässwörd€");
    }

    @Test
    void plainResponseWithEmptyValues() {
        assertThat(new PlainCredentials("", "").response()).containsExactly(0, 0);
    }

    @Test
    void responseIsACopy() {
        PlainCredentials credentials = new PlainCredentials("a", "b");
        credentials.response()[1] = 'x';
        assertThat(credentials.response()).containsExactly(0, 'a', 0, 'b');
    }

    @Test
    void externalResponseIsEmpty() {
        ExternalCredentials credentials = new ExternalCredentials();

        assertThat(credentials.mechanism()).isEqualTo("EXTERNAL");
        assertThat(credentials.response()).isEmpty();
        assertThat(credentials.eraseOnConnect()).isFalse();
        assertThat(credentials).isEqualTo(new ExternalCredentials()).hasSameHashCodeAs(new ExternalCredentials());
    }

    @Test
    void toStringNeverShowsThePassword() {
        PlainCredentials credentials = new PlainCredentials("app", "Sup3rS3cret!");

        assertThat(credentials.toString())
                .isEqualTo("PlainCredentials{username=app, password=****}")
                .doesNotContain("Sup3rS3cret!");
        assertThat(new PlainCredentials("app", "x", true).toString())
                .isEqualTo("PlainCredentials{username=app, password=****, eraseOnConnect=true}");
    }

    @Test
    void equalityIsByValueAsInPika() {
        assertThat(new PlainCredentials("u", "p"))
                .isEqualTo(new PlainCredentials("u", "p"))
                .hasSameHashCodeAs(new PlainCredentials("u", "p"))
                .isNotEqualTo(new PlainCredentials("u", "q"))
                .isNotEqualTo(new PlainCredentials("v", "p"))
                .isNotEqualTo(new PlainCredentials("u", "p", true))
                .isNotEqualTo(new ExternalCredentials());
    }

    @Test
    void eraseOnConnectForgetsTheSecretsAfterTheHandshake() {
        PlainCredentials credentials = new PlainCredentials("app", "secret", true);
        assertThat(credentials.response()).isNotEmpty();

        credentials.eraseCredentials();

        assertThat(credentials.erased()).isTrue();
        assertThat(credentials.username()).isNull();
        assertThat(credentials.password()).isNull();
        assertThat(credentials.toString()).isEqualTo("PlainCredentials{erased}");
        assertThatThrownBy(credentials::response)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PlainCredentials were erased after connecting (eraseOnConnect=true);"
                        + " create new PlainCredentials to connect again");
    }

    @Test
    void withoutEraseOnConnectEraseDoesNothing() {
        PlainCredentials credentials = new PlainCredentials("app", "secret");

        credentials.eraseCredentials();

        assertThat(credentials.erased()).isFalse();
        assertThat(credentials.password()).isEqualTo("secret");
    }

    @Test
    void supportedByChecksTheServersMechanismList() {
        assertThat(new PlainCredentials("u", "p").supportedBy("AMQPLAIN PLAIN")).isTrue();
        assertThat(new PlainCredentials("u", "p").supportedBy("EXTERNAL AMQPLAIN"))
                .isFalse();
        assertThat(new ExternalCredentials().supportedBy(" EXTERNAL PLAIN ")).isTrue();
        assertThat(new ExternalCredentials().supportedBy("PLAINEXTERNAL")).isFalse();
        assertThat(new ExternalCredentials().supportedBy(null)).isFalse();
    }

    @Test
    void nullsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> new PlainCredentials(null, "p")).hasMessage("username must not be null");
        assertThatThrownBy(() -> new PlainCredentials("u", null)).hasMessage("password must not be null");
    }
}
