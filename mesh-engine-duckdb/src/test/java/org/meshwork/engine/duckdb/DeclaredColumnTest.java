package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;

class DeclaredColumnTest {

    @Test
    void parsesTypesAndNotNullInOrder() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("order_id", "BIGINT NOT NULL");
        columns.put("amount", "decimal( 12, 2 )");
        columns.put("at", "TIMESTAMP WITH TIME ZONE not null");

        assertThat(DeclaredColumn.parse("orders", columns)).containsExactly(
                new DeclaredColumn("order_id", "BIGINT", true),
                new DeclaredColumn("amount", "decimal( 12, 2 )", false),
                new DeclaredColumn("at", "TIMESTAMP WITH TIME ZONE", true));
    }

    @Test
    void refusesAnythingButATypeName() {
        assertThatThrownBy(() -> DeclaredColumn.parse("orders", Map.of("id", "BIGINT) AS x FROM y; --")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("source orders, column id: type 'BIGINT) AS x FROM y; --' is not valid");
        assertThatThrownBy(() -> DeclaredColumn.parse("orders", Map.of("id", "BIGINT NOT")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> DeclaredColumn.parse("orders", Map.of("bad name", "BIGINT")))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
