package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralsTest {

    @Test
    void parsesTheLiteralsPikaUrlsUse() {
        Object value = PythonLiterals.parse(
                "{'s': 'it\\'s', \"d\": \"q\\\"\", 'i': -5, 'l': 12345678901, 'f': 2.5, 'e': 1e3, 't': True,"
                        + " 'n': None, 'list': [1, 'a'], 'tuple': (1,), 'nested': {'x': False},}",
                "test",
                true);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "it's");
        expected.put("d", "q\"");
        expected.put("i", -5);
        expected.put("l", 12345678901L);
        expected.put("f", 2.5);
        expected.put("e", 1000.0);
        expected.put("t", true);
        expected.put("n", null);
        expected.put("list", List.of(1, "a"));
        expected.put("tuple", List.of(1));
        expected.put("nested", Map.of("x", false));
        assertThat(value).isEqualTo(expected);
        assertThat(List.<Object>copyOf(((Map<?, ?>) value).keySet()))
                .containsExactlyElementsOf(List.copyOf(expected.keySet()));
    }

    @Test
    void escapes() {
        assertThat(PythonLiterals.parse("'a\\nb\\tc\\\\d\\x41\\u00e9'", "t", true))
                .isEqualTo("a\nb\tc\\dAé");
        assertThat(PythonLiterals.parse("'C:\\path'", "t", true)).isEqualTo("C:\\path");
    }

    @Test
    void noneAndEmptyDict() {
        assertThat(PythonLiterals.parseDict("None", "t", true)).isNull();
        assertThat(PythonLiterals.parseDict(" { } ", "t", true)).isEmpty();
    }

    @Test
    void formatReadsBackEqual() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("quote", "it's \\ \n\t\u0001");
        value.put("int", 7);
        value.put("long", 1L << 40);
        value.put("double", 0.1);
        value.put("bool", false);
        value.put("none", null);
        value.put("list", Arrays.asList(1, "x", List.of()));
        value.put("map", Map.of("k", "v"));

        String literal = PythonLiterals.format(value, "t");

        assertThat(PythonLiterals.parse(literal, "t", true)).isEqualTo(value);
        assertThat(PythonLiterals.format(Map.of("a", true), "t")).isEqualTo("{'a': True}");
    }

    @Test
    void errorsNamePositionAndHideTheTextWhenAsked() {
        assertThatThrownBy(() -> PythonLiterals.parse("{'a' 1}", "tcp_options", true))
                .hasMessage("tcp_options is not a valid Python literal: expected ':' at position 5 of: {'a' 1}");
        assertThatThrownBy(() -> PythonLiterals.parse("{1: 2}", "x", true))
                .hasMessage("x is not a valid Python literal: dict keys must be strings at position 1 of: {1: 2}");
        assertThatThrownBy(() -> PythonLiterals.parse("'open", "x", true))
                .hasMessage("x is not a valid Python literal: unterminated string at position 5 of: 'open");
        assertThatThrownBy(() -> PythonLiterals.parse("{} extra", "x", true))
                .hasMessage(
                        "x is not a valid Python literal: unexpected text after the value at position 3 of: {} extra");
        assertThatThrownBy(() -> PythonLiterals.parse("{'password': secret}", "ssl_options", false))
                .hasMessage("ssl_options is not a valid Python literal: expected a literal (dict, list, tuple,"
                        + " 'string', number, True, False or None) at position 13");
        assertThatThrownBy(() -> PythonLiterals.format(Map.of("d", new Object()), "x"))
                .hasMessageStartingWith("x: a java.lang.Object value has no Python literal");
    }
}
