package org.meshwork.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.access.Principal;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh query}: one read-only SELECT over the data products you may read, through the governed read path. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run one read-only SELECT over data products named by their quoted id, e.g."
                + " 'SELECT country, sum(amount) FROM \"dp.sales.orders\" GROUP BY country', with your columns,"
                + " masks and row filters applied.")
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Parameters(index = "0", paramLabel = "SQL", description = "One SELECT statement.")
    String sql;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json, ndjson or parquet (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (needed for parquet).")
    Path output;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "Why you read it (recorded in the audit log).")
    String purpose;

    @Override
    public Integer call() throws IOException {
        ResultPrinter.check(format, output, List.of("table", "csv", "json", "ndjson", "parquet"));
        try (Mesh opened = mesh.openMesh()) {
            Principal principal = opened.principal(opened.actor(mesh.actingUser(), mesh.environment()));
            RequestContext context = new RequestContext(Optional.ofNullable(purpose), Optional.empty());
            try (ResultStream stream = opened.data().query(principal, sql, context)) {
                long written = ResultPrinter.print(stream, format, output, mesh.output());
                java.io.PrintWriter err = mesh.spec.commandLine().getErr();
                if (output != null) {
                    err.println(written + " rows written to " + output);
                }
                if (stream.truncated()) {
                    err.println("the result was cut at " + written + " rows, the workspace's serving.row_limit;"
                            + " aggregate or filter more");
                }
                err.flush();
            }
        }
        return 0;
    }
}
