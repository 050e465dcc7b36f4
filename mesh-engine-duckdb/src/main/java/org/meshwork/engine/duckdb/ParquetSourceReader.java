package org.meshwork.engine.duckdb;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.table.TableColumn;

/**
 * Parquet sources: {@code parquet} (a path or a glob, relative to the base directory) and {@code product} (exactly the
 * files of the upstream product's published snapshot, listed by the platform; nothing is downloaded or discovered).
 */
final class ParquetSourceReader implements SourceReader {

    private final boolean product;

    private ParquetSourceReader(boolean product) {
        this.product = product;
    }

    static ParquetSourceReader files() {
        return new ParquetSourceReader(false);
    }

    static ParquetSourceReader product() {
        return new ParquetSourceReader(true);
    }

    @Override
    public StagedSource read(SourceContext context) {
        var source = context.source();
        new SourceOptions(source.name(), source.options(), Set.of());
        String table = SqlIdentifiers.quote(context.rawTable());
        if (!product) {
            String path = source.path().orElseThrow(() -> new InvalidArgumentException(
                    "source " + source.name() + ": a parquet source needs a path"));
            context.database().update(context.context(), "CREATE TABLE " + table
                    + " AS SELECT * FROM read_parquet(?, union_by_name=true)", context.resolve(path).toString());
        } else if (!context.input().productFiles().isEmpty()) {
            // read_parquet takes no bound list parameter, so the platform's file list becomes quoted literals
            String files = context.input().productFiles().stream()
                    .map(file -> SqlIdentifiers.literal(file.toAbsolutePath().normalize().toString()))
                    .collect(Collectors.joining(", "));
            context.database().update(context.context(), "CREATE TABLE " + table
                    + " AS SELECT * FROM read_parquet([" + files + "], union_by_name=true)");
        } else {
            List<TableColumn> columns = context.input().productColumns();
            InvalidArgumentException.check(!columns.isEmpty(),
                    "source %s: the upstream product has neither files nor columns", source.name());
            context.database().update(context.context(), "CREATE TABLE " + table + " (" + columns.stream()
                    .map(column -> SqlIdentifiers.quote(column.name()) + " "
                            + DeclaredColumn.requireType(column.type(), "source " + source.name() + ", column " + column.name()))
                    .collect(Collectors.joining(", ")) + ")");
        }
        return new StagedSource(context.rawTable(), 0, Optional.empty());
    }
}
