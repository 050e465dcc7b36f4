package org.meshwork.testing.engine;

import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;

/** Short ways to build {@link SourceSpec}s in engine tests. */
public final class TestSources {

    private TestSources() {}

    /** A file source (csv, json, parquet) with options and declared columns (iteration order is kept). */
    public static SourceSpec file(String name, SourceType type, String path, Map<String, String> options,
            Map<String, String> columns) {
        return new SourceSpec(name, type, Optional.of(path), options, columns, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static SourceSpec csv(String name, String path, Map<String, String> columns) {
        return file(name, SourceType.CSV, path, Map.of(), columns);
    }

    public static SourceSpec jdbcTable(String name, String url, String table, Map<String, String> columns,
            Optional<String> credentialsEnv) {
        return new SourceSpec(name, SourceType.JDBC, Optional.empty(), Map.of(), columns, Optional.empty(),
                Optional.of(url), Optional.empty(), Optional.of(table), credentialsEnv, Optional.empty(), Optional.empty());
    }

    public static SourceSpec jdbcQuery(String name, String url, String query, Map<String, String> columns) {
        return jdbcQuery(name, url, query, columns, Optional.empty());
    }

    public static SourceSpec jdbcQuery(String name, String url, String query, Map<String, String> columns,
            Optional<String> credentialsEnv) {
        return new SourceSpec(name, SourceType.JDBC, Optional.empty(), Map.of(), columns, Optional.empty(),
                Optional.of(url), Optional.of(query), Optional.empty(), credentialsEnv, Optional.empty(),
                Optional.empty());
    }

    public static SourceSpec http(String name, String url, Map<String, String> options, Map<String, String> columns) {
        return new SourceSpec(name, SourceType.HTTP, Optional.empty(), options, columns, Optional.empty(),
                Optional.of(url), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public static SourceSpec product(String name, String productId) {
        return new SourceSpec(name, SourceType.PRODUCT, Optional.empty(), Map.of(), Map.of(),
                Optional.of(ProductId.parse(productId)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
