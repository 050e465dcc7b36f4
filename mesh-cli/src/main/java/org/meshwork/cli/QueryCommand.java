package org.meshwork.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh query}: one read-only SELECT over data products by id, governed, in embedded or remote mode. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run one read-only SELECT over data products named by id, e.g. "
                + "'SELECT country, count(*) FROM \"dp.customer.360\" GROUP BY country', with your masks and row filters.")
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Parameters(index = "0", paramLabel = "SQL", description = "One SELECT statement.")
    String sql;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "Why you read (audit log; needed for restricted data).")
    String purpose;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, ndjson or csv (default: ${DEFAULT-VALUE}).")
    ReadFormat format;

    @Override
    public Integer call() throws IOException {
        try (MeshClient client = mesh.client()) {
            format.print(mesh.output(), out -> client.query(sql, Optional.ofNullable(purpose), format.fetched(), out));
        }
        return 0;
    }
}
