package dev.pika.sample.orders.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

class EmbeddedBrokerByDefaultTest {

    private final EmbeddedBrokerByDefault postProcessor = new EmbeddedBrokerByDefault();

    @Test
    void enablesTheEmbeddedBrokerWhenNoBrokerIsGiven() {
        MockEnvironment environment = new MockEnvironment();

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("pika.embedded.enabled")).isEqualTo("true");
        assertThat(environment.getProperty(EmbeddedBrokerByDefault.CHOSEN_BY_DEFAULT))
                .isEqualTo("true");
    }

    @Test
    void leavesItOffWhenAUrlAddressesOrHostIsGiven() {
        for (String property : EmbeddedBrokerByDefault.BROKER_PROPERTIES) {
            MockEnvironment environment = new MockEnvironment().withProperty(property, "amqp://rabbit:5672/%2F");

            postProcessor.postProcessEnvironment(environment, new SpringApplication());

            assertThat(environment.getProperty("pika.embedded.enabled"))
                    .as(property)
                    .isNull();
        }
    }

    @Test
    void seesPikaUrlInTheEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "test-env", Map.of("PIKA_URL", "amqp://guest:guest@localhost:5672/%2F")));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("pika.embedded.enabled")).isNull();
        assertThat(EmbeddedBrokerByDefault.givenBroker(environment)).contains("pika.url");
    }

    @Test
    void anExplicitChoiceWins() {
        MockEnvironment off = new MockEnvironment().withProperty("pika.embedded.enabled", "false");
        postProcessor.postProcessEnvironment(off, new SpringApplication());
        assertThat(off.getProperty("pika.embedded.enabled")).isEqualTo("false");
        assertThat(off.getProperty(EmbeddedBrokerByDefault.CHOSEN_BY_DEFAULT)).isNull();
    }

    @Test
    void aBlankUrlIsNoBroker() {
        MockEnvironment environment = new MockEnvironment().withProperty("pika.url", " ");

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("pika.embedded.enabled")).isEqualTo("true");
    }
}
