package org.meshwork.engine.duckdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.Relation;
import org.meshwork.api.table.TableColumn;

/**
 * Parquet sources: {@code parquet} (a path or a glob, relative to the base directory) and {@code product} (exactly the
 * files of the upstream product's published snapshot, listed by the platform; nothing is downloaded or discovered).
 *
 * <p>A source without declared columns has nothing to check row by row, so it is not copied at all: it becomes a view
 * over exactly the files found at load time ({@link #view}), and the transform streams from the files, as a
 * hand-written DuckDB query would. Its row count comes from the files' footers. The session lets its SQL read those
 * files, and only those, after the load phase. With declared columns the files are read into a table and typed like
 * any other source.
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

    /**
     * The source as a view over its files, with its row count, when it declares no columns and has files; empty
     * otherwise (the caller stages it as a table). The files are added to {@code readable}.
     */
    Optional<LoadResult> view(SourceContext context, Set<Path> readable) {
        var source = context.source();
        if (!context.declared().isEmpty()) {
            return Optional.empty();
        }
        new SourceOptions(source.name(), source.options(), Set.of());
        List<Path> files;
        if (product) {
            files = context.input().productFiles().stream().map(file -> file.toAbsolutePath().normalize()).toList();
        } else {
            String path = source.path().orElseThrow(() -> new InvalidArgumentException(
                    "source " + source.name() + ": a parquet source needs a path"));
            files = context.database().select(context.context(), "SELECT file FROM glob(?) ORDER BY file",
                    List.of(context.resolve(path).toString()), row -> Path.of((String) row.value(0)));
        }
        if (files.isEmpty()) {
            return Optional.empty(); // read() reports the missing files, or makes the empty product's table
        }
        // read_parquet takes no bound list parameter, so the file list becomes quoted literals
        String list = "[" + files.stream().map(file -> SqlIdentifiers.literal(file.toString()))
                .collect(Collectors.joining(", ")) + "]";
        context.database().update(context.context(), "CREATE VIEW " + SqlIdentifiers.quote(source.name())
                + " AS SELECT * FROM read_parquet(" + list + ", union_by_name=true)");
        long rows = context.database().select(context.context(), "SELECT coalesce(sum(num_rows), 0) FROM"
                + " parquet_file_metadata(" + list + ")", List.of(), row -> ((Number) row.value(0)).longValue()).get(0);
        readable.addAll(files);
        return Optional.of(new LoadResult(new Relation(source.name()), rows, rows, 0));
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
