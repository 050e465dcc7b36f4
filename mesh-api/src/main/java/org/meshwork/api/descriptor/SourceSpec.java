package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * One input of a data product. Which fields apply depends on {@link #type()}: files ({@code path}, {@code options}),
 * {@code jdbc} ({@code url}, {@code query} or {@code table}, {@code credentialsEnv}), {@code http} ({@code url},
 * {@code options}), {@code product} ({@code product}). {@code columns} declares types (e.g. {@code BIGINT NOT NULL});
 * rows that break them are quarantined. Order of {@code columns} is kept.
 */
public record SourceSpec(
        String name,
        SourceType type,
        Optional<String> path,
        Map<String, String> options,
        Map<String, String> columns,
        Optional<ProductId> product,
        Optional<String> url,
        Optional<String> query,
        Optional<String> table,
        Optional<String> credentialsEnv,
        Optional<String> system,
        Optional<String> description) {

    public SourceSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(path, "path is null");
        options = Map.copyOf(options);
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        requireNonNull(product, "product is null");
        requireNonNull(url, "url is null");
        requireNonNull(query, "query is null");
        requireNonNull(table, "table is null");
        requireNonNull(credentialsEnv, "credentialsEnv is null");
        requireNonNull(system, "system is null");
        requireNonNull(description, "description is null");
    }
}
