package dev.pika.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestScopeTest {

    @Test
    void namesSayWhichTestMadeThemAndWhatFor() {
        TestScope scope = new TestScope("OrdersIT", "publishesOrders");

        assertThat(scope.name("orders")).matches("pika-it\\.OrdersIT\\.publishesOrders\\.orders\\.[0-9a-f]{8}");
    }

    @Test
    void classScopedNamesHaveNoMethodPart() {
        assertThat(new TestScope("OrdersIT", null).name("shared")).matches("pika-it\\.OrdersIT\\.shared\\.[0-9a-f]{8}");
    }

    @Test
    void namesAreUniqueAndRegisteredInOrder() {
        TestScope scope = new TestScope("T", "m");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            seen.add(scope.name("q"));
        }

        assertThat(seen).hasSize(2_000);
        assertThat(scope.names()).hasSize(2_000).doesNotHaveDuplicates();
    }

    @Test
    void oddCharactersAreReplacedAndLongPartsShortened() {
        String name = new TestScope("Outer$Inner", "test(int)[1]").name("a b/c" + "x".repeat(200));

        assertThat(name).matches("[A-Za-z0-9_.-]+");
        assertThat(name).startsWith("pika-it.Outer-Inner.test-int--1-.a-b-c");
        assertThat(name.length()).isLessThan(255);
    }

    @Test
    void aBlankHintIsRejectedWithAnExample() {
        TestScope scope = new TestScope("T", "m");

        assertThatThrownBy(() -> scope.name(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders");
    }
}
