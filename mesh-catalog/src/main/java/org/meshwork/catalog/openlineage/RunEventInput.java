package org.meshwork.catalog.openlineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.lineage.ProductLineage;

/**
 * Everything one OpenLineage run event says: the transition, the run, the product (job), its lineage, the dataset name
 * of every source and of the output table, the source columns (name → type) where known and, once the run ended, its
 * counts, check results and error.
 */
public record RunEventInput(
        RunEventType type,
        Instant eventTime,
        String runId,
        String jobNamespace,
        CatalogProduct product,
        ProductLineage lineage,
        Map<String, DatasetName> inputs,
        Map<String, Map<String, String>> inputColumns,
        DatasetName output,
        Optional<Long> tableVersion,
        Optional<Long> rowsWritten,
        Optional<Long> bytesWritten,
        List<CheckResult> checks,
        Optional<String> error) {

    public RunEventInput {
        requireNonNull(type, "type is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(jobNamespace, "jobNamespace is null");
        requireNonNull(product, "product is null");
        requireNonNull(lineage, "lineage is null");
        inputs = Map.copyOf(inputs);
        inputColumns = Map.copyOf(inputColumns);
        requireNonNull(output, "output is null");
        requireNonNull(tableVersion, "tableVersion is null");
        requireNonNull(rowsWritten, "rowsWritten is null");
        requireNonNull(bytesWritten, "bytesWritten is null");
        checks = List.copyOf(checks);
        requireNonNull(error, "error is null");
    }
}
