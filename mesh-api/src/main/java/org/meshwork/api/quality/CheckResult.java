package org.meshwork.api.quality;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.meshwork.api.descriptor.CheckSeverity;

/**
 * The outcome of one quality check in one run.
 *
 * @param name the check's name from the descriptor
 * @param kind the check kind, e.g. {@code null_percentage}
 * @param severity {@code error} results that did not pass block publication; {@code warn} results are reported only
 * @param measured the measured value in the unit of {@code expectation} (a count, a percentage 0–100, seconds for
 *     freshness); empty when nothing could be measured, e.g. freshness of a column with no non-NULL value, or
 *     row_count_change on the first run
 * @param expectation the pass condition as text, e.g. {@code < 1%} or {@code == 0}
 * @param passed whether the check passed
 * @param message what was found, in plain words, e.g. {@code 3.2% of customer_id is NULL; expected < 1%}
 * @param failingRows the number of rows that broke the check, for checks that judge rows (not_null, uniqueness,
 *     accepted_values, range, regex, referential_integrity, null_percentage); empty for the others
 * @param failingSample at most {@value #MAX_SAMPLE_ROWS} of the failing rows (column name to value, in column order)
 *     for a check that failed and judges rows; values of PII columns are replaced by {@value #MASK}; empty when the
 *     check passed
 */
public record CheckResult(
        String name,
        String kind,
        CheckSeverity severity,
        Optional<Double> measured,
        String expectation,
        boolean passed,
        String message,
        OptionalLong failingRows,
        List<Map<String, Object>> failingSample) {

    /** The most failing rows a result carries. */
    public static final int MAX_SAMPLE_ROWS = 5;

    /** What a PII value in {@link #failingSample()} is replaced with. */
    public static final String MASK = "***";

    public CheckResult {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(measured, "measured is null");
        requireNonNull(expectation, "expectation is null");
        requireNonNull(message, "message is null");
        requireNonNull(failingRows, "failingRows is null");
        if (failingSample.size() > MAX_SAMPLE_ROWS) {
            throw new IllegalArgumentException("a failing sample holds at most " + MAX_SAMPLE_ROWS + " rows");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : failingSample) {
            // values may be NULL, so Map.copyOf cannot be used
            rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        failingSample = List.copyOf(rows);
    }

    /** Whether this result stops the run from publishing: an {@code error} check that did not pass. */
    public boolean blocksPublication() {
        return !passed && severity == CheckSeverity.ERROR;
    }
}
