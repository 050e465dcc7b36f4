package org.meshwork.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh get}: a product's data through the governed read path (the caller's columns, masks and row filters), in
 * embedded or remote mode. The options are the REST API's query parameters, so both modes read exactly alike.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Read a data product's data (governed: only the columns, masks and rows you may see).")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--filter", paramLabel = "COLUMN=OP.VALUE",
            description = "A filter in the PostgREST convention, e.g. country=eq.DE, amount=gt.100, id=in.(1,2), "
                    + "email=is.null; repeat for more (all must hold).")
    List<String> filters = new ArrayList<>();

    @Option(names = "--select", paramLabel = "COLUMNS", description = "Comma-separated columns (default: all you may see).")
    String select;

    @Option(names = "--order", paramLabel = "ORDER", description = "e.g. amount.desc,id.asc")
    String order;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows.")
    Long limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip N rows.")
    Long offset;

    @Option(names = "--version", paramLabel = "N", description = "Read table version N (time travel).")
    Long version;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Read the version current at TIME (ISO-8601).")
    String asOf;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "Why you read (audit log; needed for restricted data).")
    String purpose;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, ndjson or csv (default: ${DEFAULT-VALUE}).")
    ReadFormat format;

    @Override
    public Integer call() throws IOException {
        var id = product.productId();
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
        put(parameters, "limit", limit);
        put(parameters, "offset", offset);
        put(parameters, "version", version);
        put(parameters, "as_of", asOf);
        try (MeshClient client = mesh.client()) {
            format.print(mesh.output(), out -> client.data(id, parameters, Optional.ofNullable(purpose), format.fetched(), out));
        }
        return 0;
    }

    private static void put(Map<String, List<String>> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, List.of(value.toString()));
        }
    }
}
