package org.meshwork.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.access.Principal;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.serving.DataRequestParser;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh get}: a product's data through the governed read path, with the same filter language as
 * {@code GET /api/v1/products/{id}/data} (the options become the same query parameters and go through the same parser).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Read a data product's data as you may see it (your columns, masks and row filters), with"
                + " filters in the PostgREST convention, e.g. --filter country=eq.DE --filter amount=gt.100.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--filter", paramLabel = "COL=OP.VALUE",
            description = "A filter (repeatable; all must hold): eq, neq, gt, gte, lt, lte, like, ilike (* = any text),"
                    + " in.(a,b), is.null; not. negates, e.g. status=not.in.(closed,lost).")
    List<String> filters = new ArrayList<>();

    @Option(names = "--select", paramLabel = "A,B", description = "Only these columns.")
    String select;

    @Option(names = "--order", paramLabel = "COL[.desc],...", description = "Sort, e.g. amount.desc,id.")
    String order;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default: 100 for a table, else the"
            + " workspace's serving.row_limit).")
    Long limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip N rows first.")
    Long offset;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after the previous page.")
    String cursor;

    @Option(names = "--version", paramLabel = "N", description = "Read table version N (time travel).")
    Long version;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Read the version current at TIME (ISO-8601).")
    String asOf;

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
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String filter : filters) {
            DataRequestParser.parseFilterArgument(filter);
            int equals = filter.indexOf('=');
            parameters.computeIfAbsent(filter.substring(0, equals), key -> new ArrayList<>())
                    .add(filter.substring(equals + 1));
        }
        put(parameters, "select", select);
        put(parameters, "order", order);
        Long rows = limit == null && format.equals(ResultPrinter.TABLE) && cursor == null ? Long.valueOf(100) : limit;
        put(parameters, "limit", rows);
        put(parameters, "offset", offset);
        put(parameters, "cursor", cursor);
        put(parameters, "version", version);
        put(parameters, "as_of", asOf);
        DataRequest request = DataRequestParser.parse(parameters);
        try (Mesh opened = mesh.openMesh()) {
            Principal principal = opened.principal(opened.actor(mesh.actingUser(), mesh.environment()));
            RequestContext context = new RequestContext(Optional.ofNullable(purpose), Optional.empty());
            try (ResultStream stream = opened.data().read(principal, product.productId(), request, context)) {
                long written = ResultPrinter.print(stream, format, output, mesh.output());
                java.io.PrintWriter err = mesh.spec.commandLine().getErr();
                if (output != null) {
                    err.println(written + " rows of " + product.productId() + " version "
                            + stream.version().orElse(-1) + " written to " + output);
                }
                stream.nextCursor().ifPresent(next -> err.println("more rows follow: add --cursor " + next));
                err.flush();
            }
        }
        return 0;
    }

    private static void put(Map<String, List<String>> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, List.of(value.toString()));
        }
    }
}
