package org.meshwork.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.ProductId;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.retention.RetentionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh retention}: enforces declared retention now. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Enforce data retention: delete rows older than the declared retention and physically remove "
                + "the expired snapshots' files.",
        subcommands = {RetentionCommand.Run.class})
final class RetentionCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "choose a subcommand: run (see mesh retention --help)");
    }

    /** {@code mesh retention run [ID]}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Enforce the retention of one product (its owners, platform admins) or of every product "
                    + "(platform admins): rows whose storage.event_time_column is older than "
                    + "spec.retention_period_days / spec.storage.retention are deleted in a new snapshot, and the "
                    + "snapshots that held them are expired and their files removed.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        RetentionCommand retention;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Product id; every product when omitted.")
        String id;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = retention.mesh;
            Optional<ProductId> product = Optional.ofNullable(id).map(ProductId::parse);
            try (Mesh opened = mesh.openMesh()) {
                List<RetentionResult> results = opened.enforceRetention(product,
                        opened.actor(mesh.actingUser(), mesh.environment()));
                Output output = mesh.output();
                if (format.json) {
                    output.json(results.stream().map(RetentionCommand::json).toList());
                    return 0;
                }
                output.table(List.of("PRODUCT", "RETENTION", "EXPIRE BY", "CUTOFF", "ROWS DELETED", "QUARANTINED DELETED",
                        "NEW VERSION", "FILES REMOVED", "NOTE"), results.stream().map(r -> List.of(r.product().toString(),
                                r.retention().map(d -> d.toDays() + " days").orElse("-"),
                                r.expiry().map(e -> e.label()).orElse("-"),
                                r.cutoff().map(Object::toString).orElse("-"), Long.toString(r.rowsDeleted()),
                                Long.toString(r.quarantineRowsDeleted()),
                                r.newVersion().map(Object::toString).orElse("-"),
                                Integer.toString(r.deletedFiles().size()), r.note())).toList());
                return 0;
            }
        }
    }

    static Map<String, Object> json(RetentionResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("product", result.product().toString());
        json.put("retention_seconds", result.retention().map(d -> (Object) d.toSeconds()).orElse(null));
        json.put("expire_by", result.expiry().map(e -> e.label()).orElse(null));
        json.put("cutoff", result.cutoff().map(Object::toString).orElse(null));
        json.put("rows_deleted", result.rowsDeleted());
        json.put("quarantine_rows_deleted", result.quarantineRowsDeleted());
        json.put("new_version", result.newVersion().orElse(null));
        json.put("deleted_files", result.deletedFiles());
        json.put("deleted_bytes", result.deletedBytes());
        json.put("note", result.note());
        return json;
    }
}
