package org.meshwork.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh runs}: a product's recent runs. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List a data product's recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        var id = product.productId();
        try (MeshClient client = mesh.client()) {
            List<Map<String, Object>> runs = client.runs(id, limit);
            Output output = mesh.output();
            if (format.json) {
                output.json(runs);
                return 0;
            }
            if (runs.isEmpty()) {
                output.line(product.id + " has not run yet. Run it with: mesh run " + product.id);
                return 0;
            }
            output.table(List.of("RUN", "TRIGGER", "STATUS", "STARTED", "READ", "QUARANTINED", "WRITTEN", "VERSION", "ERROR"),
                    runs.stream().map(run -> List.of(Documents.text(run, "run_id"), Documents.text(run, "trigger"),
                            Documents.text(run, "status"), Documents.text(run, "started_at"),
                            Documents.text(run, "rows_read"), Documents.text(run, "rows_quarantined"),
                            Documents.text(run, "rows_written"), Documents.textOr(run, "table_version", "-"),
                            Documents.text(run, "error").lines().findFirst().orElse(""))).toList());
            return 0;
        }
    }
}
