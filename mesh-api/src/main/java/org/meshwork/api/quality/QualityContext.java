package org.meshwork.api.quality;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.OutputSchema;

/**
 * What quality checks need beyond the new data itself.
 *
 * @param now the instant the run evaluates its checks at: {@code freshness} with a {@code column} measures
 *     {@code now - max(column)}; {@code freshness} without a column measures the age of the data being published, which
 *     is 0 because it is published by this run (how long ago the last snapshot was committed is the SLA monitor's
 *     business, not a run's)
 * @param previousRowCount the row count of the product's current (previous) snapshot, for {@code row_count_change};
 *     empty when the product has never been published, in which case the check passes with "no previous snapshot"
 * @param references the referenced products' current snapshots, for {@code referential_integrity}: one entry for
 *     every product such a check names
 * @param schema the product's output contract: which columns are PII (masked in failing samples) and what the
 *     {@code schema} check compares with; {@link OutputSchema#empty()} when none is declared
 */
public record QualityContext(
        Instant now, Optional<Long> previousRowCount, Map<ProductId, ReferenceData> references, OutputSchema schema) {

    public QualityContext {
        requireNonNull(now, "now is null");
        requireNonNull(previousRowCount, "previousRowCount is null");
        previousRowCount.ifPresent(count -> {
            if (count < 0) {
                throw new IllegalArgumentException("previousRowCount must not be negative");
            }
        });
        references = Map.copyOf(references);
        requireNonNull(schema, "schema is null");
    }

    /** A context for a product with no previous snapshot, no references and the given contract. */
    public static QualityContext of(Instant now, OutputSchema schema) {
        return new QualityContext(now, Optional.empty(), Map.of(), schema);
    }

    public QualityContext withPreviousRowCount(long count) {
        return new QualityContext(now, Optional.of(count), references, schema);
    }

    public QualityContext withReference(ProductId product, ReferenceData data) {
        var copy = new HashMap<>(references);
        copy.put(product, data);
        return new QualityContext(now, previousRowCount, copy, schema);
    }
}
