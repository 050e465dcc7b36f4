package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.meshwork.api.table.TableColumn;

/**
 * What the platform resolves for an engine before a source loads, so that engines never look anything up themselves.
 *
 * @param baseDirectory the directory relative file paths and globs in the descriptor resolve against
 * @param productFiles for a {@code product} source: the absolute paths of the Parquet files of the upstream product's
 *     published snapshot (may be empty)
 * @param productColumns for a {@code product} source: the upstream snapshot's columns, used when it has no files
 * @param environment looks up an environment variable (empty when unset); secrets such as JDBC credentials are read
 *     only through it, from the variable the descriptor names in {@code credentials_env}, never from the descriptor
 */
public record SourceInput(
        Path baseDirectory,
        List<Path> productFiles,
        List<TableColumn> productColumns,
        Function<String, Optional<String>> environment) {

    public SourceInput {
        baseDirectory = baseDirectory.toAbsolutePath().normalize();
        productFiles = List.copyOf(productFiles);
        productColumns = List.copyOf(productColumns);
        requireNonNull(environment, "environment is null");
    }

    /** Input for a file, JDBC or HTTP source, reading the process environment. */
    public static SourceInput of(Path baseDirectory) {
        return new SourceInput(baseDirectory, List.of(), List.of(), name -> Optional.ofNullable(System.getenv(name)));
    }

    /** Input for a {@code product} source. */
    public static SourceInput ofProduct(List<Path> files, List<TableColumn> columns) {
        return new SourceInput(Path.of(""), files, columns, name -> Optional.empty());
    }

    /** The same input with a fixed environment, e.g. for tests. */
    public SourceInput withEnvironment(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new SourceInput(baseDirectory, productFiles, productColumns, name -> Optional.ofNullable(copy.get(name)));
    }
}
