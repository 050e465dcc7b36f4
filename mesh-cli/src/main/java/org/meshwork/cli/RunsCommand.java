package org.meshwork.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunRecord;
import org.meshwork.platform.Mesh;
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
        try (Mesh opened = mesh.openMesh()) {
            List<RunRecord> runs = opened.runs(product.productId(), limit);
            Output output = mesh.output();
            if (format.json) {
                output.json(runs.stream().map(JsonViews::run).toList());
                return 0;
            }
            if (runs.isEmpty()) {
                output.line(product.id + " has not run yet. Run it with: mesh run " + product.id);
                return 0;
            }
            output.table(List.of("RUN", "TRIGGER", "STATUS", "STARTED", "READ", "QUARANTINED", "WRITTEN", "VERSION", "ERROR"),
                    runs.stream().map(run -> List.of(run.runId(), run.trigger().label(), run.status().label(),
                            run.startedAt().toString(), Long.toString(run.rowsRead()), Long.toString(run.rowsQuarantined()),
                            Long.toString(run.rowsWritten()), run.tableVersion().map(Object::toString).orElse("-"),
                            run.error().map(e -> e.lines().findFirst().orElse("")).orElse(""))).toList());
            return 0;
        }
    }
}
