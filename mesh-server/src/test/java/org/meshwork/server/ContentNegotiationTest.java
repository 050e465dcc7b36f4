package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.platform.serving.ResultFormat;

/** How a result format is chosen, and how query parameters are read strictly. */
class ContentNegotiationTest {

    @Test
    void formatParameterWinsThenAcceptByQualityThenJson() {
        assertThat(ProductRoutes.negotiate(Optional.of("csv"), "application/x-ndjson")).isEqualTo(ResultFormat.CSV);
        assertThat(ProductRoutes.negotiate(Optional.of(" PARQUET "), null)).isEqualTo(ResultFormat.PARQUET);
        assertThat(ProductRoutes.negotiate(Optional.empty(), null)).isEqualTo(ResultFormat.JSON);
        assertThat(ProductRoutes.negotiate(Optional.empty(), "*/*")).isEqualTo(ResultFormat.JSON);
        assertThat(ProductRoutes.negotiate(Optional.empty(), "text/csv;q=0.5, application/vnd.apache.parquet"))
                .isEqualTo(ResultFormat.PARQUET);
        assertThat(ProductRoutes.negotiate(Optional.empty(), "application/x-ndjson;q=0.2, text/csv;q=0.9"))
                .isEqualTo(ResultFormat.CSV);
        assertThat(ProductRoutes.negotiate(Optional.empty(), "text/html, text/*;q=0.1")).isEqualTo(ResultFormat.CSV);
        assertThat(ProductRoutes.negotiate(Optional.empty(), "application/json;q=0, */*;q=0.1")).isEqualTo(ResultFormat.JSON);
    }

    @Test
    void unknownFormatsNameTheParameterOrHeader() {
        assertThatThrownBy(() -> ProductRoutes.negotiate(Optional.of("xlsx"), null))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("query parameter 'format' must be one of [json, ndjson, csv, parquet], got 'xlsx'");
        assertThatThrownBy(() -> ProductRoutes.negotiate(Optional.empty(), "image/png"))
                .hasMessageStartingWith("header 'Accept' names no format this server writes ('image/png')");
        assertThatThrownBy(() -> ProductRoutes.negotiate(Optional.empty(), "text/csv;q=high"))
                .hasMessageContaining("header 'Accept' has a bad quality value 'q=high'");
    }

    @Test
    void queryParametersAreStrict() {
        QueryParameters query = new QueryParameters(Map.of("limit", List.of("5"), "tag", List.of("a", "b")));
        assertThat(query.number("limit", 100, 1, 10)).isEqualTo(5);
        assertThat(query.number("offset", 7, 0, 10)).isEqualTo(7);
        assertThatThrownBy(() -> query.single("tag")).hasMessage("query parameter 'tag' is given 2 times; give it once");
        assertThatThrownBy(() -> query.allowOnly("limit")).hasMessageStartingWith("unknown query parameter 'tag'");
        assertThatThrownBy(() -> new QueryParameters(Map.of("limit", List.of("50"))).number("limit", 1, 1, 10))
                .hasMessage("query parameter 'limit' must be between 1 and 10, got 50");
    }
}
