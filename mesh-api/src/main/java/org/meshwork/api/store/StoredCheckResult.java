package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.quality.CheckResult;

/**
 * A check result as the metadata store keeps it: the run it belongs to, the product, when it was evaluated, and the
 * result. Stored failing samples keep their values as text (or null), whatever their type was in the run.
 *
 * @param runId the run that evaluated the check
 * @param productId the run's product when the results were recorded
 * @param evaluatedAt when the run's checks were evaluated; the same for every result of a run
 * @param result the result in its stored form, see {@link #asStored(CheckResult)}
 */
public record StoredCheckResult(String runId, ProductId productId, Instant evaluatedAt, CheckResult result) {
    public StoredCheckResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(productId, "productId is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        requireNonNull(result, "result is null");
    }

    /**
     * What a {@link MetadataStore} gives back for {@code result}: every field unchanged, except that each value of
     * the failing sample becomes its text ({@link String#valueOf(Object)}; NULL stays null), in the same column
     * order; a measured value that is not a number ({@code NaN}) becomes empty — not measured — and a negative zero
     * becomes zero. Every other double, infinities included, is kept exactly.
     *
     * @throws IllegalArgumentException when a row of the failing sample has a null column name
     */
    public static CheckResult asStored(CheckResult result) {
        requireNonNull(result, "result is null");
        List<Map<String, Object>> rows = new ArrayList<>(result.failingSample().size());
        for (Map<String, Object> row : result.failingSample()) {
            Map<String, Object> text = new LinkedHashMap<>();
            for (Map.Entry<String, Object> column : row.entrySet()) {
                if (column.getKey() == null) {
                    throw new IllegalArgumentException("the failing sample of check '" + result.name()
                            + "' has a column without a name");
                }
                text.put(column.getKey(), column.getValue() == null ? null : String.valueOf(column.getValue()));
            }
            rows.add(text);
        }
        Optional<Double> measured = result.measured()
                .filter(value -> !value.isNaN())
                .map(value -> value == 0.0 ? 0.0 : value); // -0.0 == 0.0: SQLite cannot keep the sign of zero
        return new CheckResult(result.name(), result.kind(), result.severity(), measured, result.expectation(),
                result.passed(), result.message(), result.failingRows(), rows);
    }
}
