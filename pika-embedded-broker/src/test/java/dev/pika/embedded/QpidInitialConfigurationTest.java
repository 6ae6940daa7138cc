package dev.pika.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class QpidInitialConfigurationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void offersPlainOnPlainTcpAndResolvesVirtualHostsThroughAliases() throws Exception {
        JsonNode config = json.readTree(QpidInitialConfiguration.render("b", "127.0.0.1", 0, "guest", "guest", "/"));

        JsonNode provider = config.path("authenticationproviders").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("Plain");
        assertThat(provider.path("secureOnlyMechanisms").isArray()).isTrue();
        assertThat(provider.path("secureOnlyMechanisms")).isEmpty();
        assertThat(provider.path("users").get(0).path("name").asText()).isEqualTo("guest");

        JsonNode port = config.path("ports").get(0);
        assertThat(port.path("port").asInt()).isZero();
        assertThat(port.path("bindingAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(port.path("virtualhostaliases").findValuesAsText("type"))
                .containsExactly("nameAlias", "defaultAlias");

        JsonNode node = config.path("virtualhostnodes").get(0);
        assertThat(node.path("type").asText()).isEqualTo("Memory");
        assertThat(node.path("name").asText()).isEqualTo("default");
        JsonNode virtualHost =
                json.readTree(node.path("virtualHostInitialConfiguration").asText());
        assertThat(virtualHost.path("type").asText()).isEqualTo("Memory");
    }

    @Test
    void ignoresRabbitMqQueueArgumentsInsteadOfClosingTheConnection() throws Exception {
        JsonNode config = json.readTree(QpidInitialConfiguration.render("b", "127.0.0.1", 0, "u", "p", "/"));

        assertThat(config.path("context")
                        .path("queue.behaviourOnUnknownDeclareArgument")
                        .asText())
                .isEqualTo("IGNORE");
    }

    @Test
    void aNamedVirtualHostGetsItsOwnNode() throws Exception {
        JsonNode config = json.readTree(QpidInitialConfiguration.render("b", "127.0.0.1", 5999, "u", "p", "orders"));

        assertThat(config.path("virtualhostnodes").get(0).path("name").asText()).isEqualTo("orders");
        assertThat(QpidInitialConfiguration.nodeName("/")).isEqualTo("default");
        assertThat(QpidInitialConfiguration.nodeName("")).isEqualTo("default");
    }

    @Test
    void quotesCredentialsSoAnyCharacterSurvives() throws Exception {
        String password = "q\"uo\\te\n\t\u0001é";
        JsonNode config = json.readTree(QpidInitialConfiguration.render("b", "127.0.0.1", 0, "u", password, "/"));

        assertThat(config.path("authenticationproviders")
                        .get(0)
                        .path("users")
                        .get(0)
                        .path("password")
                        .asText())
                .isEqualTo(password);
    }
}
