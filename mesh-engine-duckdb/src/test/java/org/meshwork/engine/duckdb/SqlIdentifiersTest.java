package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;

class SqlIdentifiersTest {

    @Test
    void quotesIdentifiersByDoublingDoubleQuotes() {
        assertThat(SqlIdentifiers.quote("order lines")).isEqualTo("\"order lines\"");
        assertThat(SqlIdentifiers.quote("a\"; DROP TABLE x; --")).isEqualTo("\"a\"\"; DROP TABLE x; --\"");
    }

    @Test
    void quotesLiteralsByDoublingSingleQuotes() {
        assertThat(SqlIdentifiers.literal("/data/it's/a.csv")).isEqualTo("'/data/it''s/a.csv'");
        assertThat(SqlIdentifiers.literal("back\\slash")).isEqualTo("'back\\slash'");
    }

    @Test
    void refusesNulCharacters() {
        assertThatThrownBy(() -> SqlIdentifiers.literal("a\0b")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> SqlIdentifiers.quote("a\0b")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void descriptorNamesStartWithALetter() {
        assertThat(SqlIdentifiers.requireName("orders_2024", "source name")).isEqualTo("orders_2024");
        assertThatThrownBy(() -> SqlIdentifiers.requireName("_result", "source name"))
                .hasMessageStartingWith("source name '_result' is not valid");
        assertThatThrownBy(() -> SqlIdentifiers.requireName("a-b", "source name"))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
