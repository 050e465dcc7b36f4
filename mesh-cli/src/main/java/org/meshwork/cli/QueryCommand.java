package org.meshwork.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh query}: one read-only SELECT over data products by id, governed, in embedded or remote mode. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run one read-only SELECT over data products named by id, e.g."
                + " 'SELECT country, sum(amount) FROM \"dp.sales.orders\" GROUP BY country', with your columns,"
                + " masks and row filters applied.")
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Parameters(index = "0", paramLabel = "SQL", description = "One SELECT statement.")
    String sql;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "Why you read (audit log; needed for restricted data).")
    String purpose;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, ndjson, csv or parquet (parquet needs --output; default: ${DEFAULT-VALUE}).")
    ReadFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (written beside it and moved into place when the query succeeded).")
    Path output;

    @Override
    public Integer call() throws IOException {
        try (MeshClient client = mesh.client()) {
            ReadFormat.SummarisedRead read = out -> client.query(sql, Optional.ofNullable(purpose), format.fetched(), out);
            ReadSummary summary = output == null ? format.print(mesh.output(), read) : format.write(output, read);
            PrintWriter err = mesh.spec.commandLine().getErr();
            if (output != null) {
                err.println(summary.rows().isPresent() ? summary.rows().getAsLong() + " rows written to " + output
                        : "written to " + output);
            }
            if (summary.truncated()) {
                err.println("the result was cut at " + summary.rows().orElse(0) + " rows, the workspace's"
                        + " serving.row_limit; aggregate or filter more");
            }
            err.flush();
        }
        return 0;
    }
}
