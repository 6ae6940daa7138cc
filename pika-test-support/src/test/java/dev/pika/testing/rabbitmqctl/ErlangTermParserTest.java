package dev.pika.testing.rabbitmqctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ErlangTermParserTest {

    /** As rabbitmqctl 3.10 prints Pika's client properties (captured on the development machine). */
    private static final String PIKA_PROPERTIES = "[{\"product\",\"Pika Python Client Library\"},"
            + "{\"platform\",\"Python 3.11.2\"},{\"capabilities\",[{\"authentication_failure_close\",true},"
            + "{\"basic.nack\",true},{\"connection.blocked\",true},{\"consumer_cancel_notify\",true},"
            + "{\"publisher_confirms\",true}]},{\"information\",\"See http://pika.rtfd.org\"},"
            + "{\"version\",\"1.2.0\"},{\"connection_name\",\"harness-probe \\\"q\\ttab\\\\\"}]";

    @Test
    void propertyListsBecomeOrderedMapsWithNestedTables() {
        Map<String, Object> table = ErlangTermParser.parseTable(PIKA_PROPERTIES);

        assertThat(table.keySet())
                .containsExactly("product", "platform", "capabilities", "information", "version", "connection_name");
        assertThat(table.get("product")).isEqualTo("Pika Python Client Library");
        assertThat(table.get("capabilities"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("basic.nack", true)
                .containsEntry("publisher_confirms", true);
    }

    @Test
    void escapesInStringsAreUndone() {
        Map<String, Object> table = ErlangTermParser.parseTable(PIKA_PROPERTIES);

        assertThat(table.get("connection_name")).isEqualTo("harness-probe \"q\ttab\\");
    }

    @Test
    void numbersAtomsAndPlainListsKeepTheirTypes() {
        assertThat(ErlangTermParser.parse("[1, -2, 3.5, undefined, {a, \"b\"}, []]"))
                .isEqualTo(List.of(1L, -2L, 3.5, "undefined", List.of("a", "b"), List.of()));
    }

    @Test
    void anEmptyPropertyListIsAnEmptyMap() {
        assertThat(ErlangTermParser.parseTable("[]")).isEmpty();
    }

    @Test
    void malformedTextIsReportedWithItsPosition() {
        assertThatThrownBy(() -> ErlangTermParser.parse("[{\"a\",1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected end of text");
        assertThatThrownBy(() -> ErlangTermParser.parse("[1;2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position");
        assertThatThrownBy(() -> ErlangTermParser.parse("[1] x")).hasMessageContaining("trailing");
    }
}
