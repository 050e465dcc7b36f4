package org.meshwork.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh get}: a product's data through the governed read path (the caller's columns, masks and row filters), in
 * embedded or remote mode. The options are the REST API's query parameters ({@code GET /api/v1/products/{id}/data}),
 * so both modes read exactly alike.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Read a data product's data as you may see it (your columns, masks and row filters), with"
                + " filters in the PostgREST convention, e.g. --filter country=eq.DE --filter amount=gt.100.")
final class GetCommand implements Callable<Integer> {
    /** Rows a table on the terminal shows when no --limit is given. */
    static final long TABLE_ROWS = 100;

    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--filter", paramLabel = "COLUMN=OP.VALUE",
            description = "A filter (repeatable; all must hold): eq, neq, gt, gte, lt, lte, like, ilike (* = any text),"
                    + " in.(a,b), is.null; not. negates, e.g. status=not.in.(closed,lost).")
    List<String> filters = new ArrayList<>();

    @Option(names = "--select", paramLabel = "COLUMNS", description = "Comma-separated columns (default: all you may see).")
    String select;

    @Option(names = "--order", paramLabel = "ORDER", description = "Sort, e.g. amount.desc,id.")
    String order;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default: " + TABLE_ROWS
            + " for a table, else the workspace's serving.row_limit).")
    Long limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip N rows first.")
    Long offset;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after the previous page.")
    String cursor;

    @Option(names = "--version", paramLabel = "N", description = "Read table version N (time travel).")
    Long version;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Read the version current at TIME (ISO-8601).")
    String asOf;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "Why you read (audit log; needed for restricted data).")
    String purpose;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, ndjson, csv or parquet (parquet needs --output; default: ${DEFAULT-VALUE}).")
    ReadFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (written beside it and moved into place when the read succeeded).")
    Path output;

    @Override
    public Integer call() throws IOException {
        ProductId id = product.productId();
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String filter : filters) {
            int equals = filter.indexOf('=');
            if (equals <= 0 || equals == filter.length() - 1) {
                throw new InvalidArgumentException("--filter '" + filter + "' is not COLUMN=OP.VALUE, e.g. country=eq.DE");
            }
            parameters.computeIfAbsent(filter.substring(0, equals), k -> new ArrayList<>()).add(filter.substring(equals + 1));
        }
        put(parameters, "select", select);
        put(parameters, "order", order);
        boolean terminalTable = format == ReadFormat.TABLE && output == null && cursor == null;
        put(parameters, "limit", limit == null && terminalTable ? Long.valueOf(TABLE_ROWS) : limit);
        put(parameters, "offset", offset);
        put(parameters, "cursor", cursor);
        put(parameters, "version", version);
        put(parameters, "as_of", asOf);
        try (MeshClient client = mesh.client()) {
            ReadFormat.SummarisedRead read = out -> client.data(id, parameters, Optional.ofNullable(purpose),
                    format.fetched(), out);
            ReadSummary summary = output == null ? format.print(mesh.output(), read) : format.write(output, read);
            PrintWriter err = mesh.spec.commandLine().getErr();
            if (output != null) {
                err.println(summary.rows().isPresent() ? summary.rows().getAsLong() + " rows of " + id
                        + summary.version().stream().mapToObj(v -> " version " + v).findFirst().orElse("")
                        + " written to " + output : id + " written to " + output);
            }
            summary.nextCursor().ifPresent(next -> err.println("more rows follow: add --cursor " + next));
            if (summary.truncated()) {
                err.println("the result was cut at the workspace's serving.row_limit; filter more or page with --cursor");
            }
            err.flush();
        }
        return 0;
    }

    private static void put(Map<String, List<String>> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, List.of(value.toString()));
        }
    }
}
