package org.meshwork.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.table.TableColumn;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.ProductPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh preview}: the first rows of a product's data, for its owners. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Show the first rows of a data product (its owners only): the current version, an older one "
                + "(--version, --as-of: time travel) or its quarantined rows.")
final class PreviewCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--version", paramLabel = "N", description = "Read table version N.")
    Long version;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Read the version current at TIME (ISO-8601, e.g. 2026-11-24T10:00:00Z).")
    String asOf;

    @Option(names = "--quarantine", description = "Show quarantined rows (with their reasons) instead of the data.")
    boolean quarantine;

    @Option(names = "--limit", defaultValue = "20", description = "How many rows (default: ${DEFAULT-VALUE}, at most 1000).")
    int limit;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        Optional<Instant> time = Optional.ofNullable(asOf).map(PreviewCommand::parseTime);
        try (Mesh opened = mesh.openMesh()) {
            ProductPreview.Preview preview = opened.preview(product.productId(), opened.actor(mesh.actingUser(), mesh.environment()),
                    new ProductPreview.Selector(Optional.ofNullable(version), time, quarantine), limit);
            Output output = mesh.output();
            if (format.json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("id", preview.id().toString());
                view.put("version", preview.version());
                view.put("committed_at", preview.committedAt().toString());
                view.put("total_rows", preview.totalRows());
                view.put("columns", preview.columns().stream().map(TableColumn::name).toList());
                view.put("rows", preview.rows().stream().map(row -> row.stream().map(v -> v == null ? null : v.toString()).toList()).toList());
                output.json(view);
                return 0;
            }
            output.line(preview.id() + (quarantine ? " quarantine" : "") + " version " + preview.version()
                    + " (committed " + preview.committedAt() + "), " + preview.rows().size() + " of " + preview.totalRows() + " rows");
            List<List<String>> rows = new ArrayList<>();
            for (List<Object> row : preview.rows()) {
                rows.add(row.stream().map(value -> value == null ? "NULL" : value.toString()).toList());
            }
            output.table(preview.columns().stream().map(TableColumn::name).toList(), rows);
            return 0;
        }
    }

    private static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("--as-of '" + text + "' is not an ISO-8601 time such as 2026-11-24T10:00:00Z");
        }
    }
}
