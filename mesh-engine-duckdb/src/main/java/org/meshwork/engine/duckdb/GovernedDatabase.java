package org.meshwork.engine.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.SessionOptions;

/**
 * One locked-down in-memory DuckDB database holding exactly the governed views of a {@link GovernedRecipe}: the
 * views are created, then {@code allowed_paths} is set to exactly the snapshots' files, {@code allowed_directories}
 * to the database's own export directory, {@code enable_external_access=false} and {@code lock_configuration=true}.
 * All of these are global settings of the database, so every connection {@link #connect() opened on it later} is
 * confined the same way and can change none of it.
 *
 * <p>A reader's statements run on a connection of their own ({@link #connect()}), so a database can serve several
 * reads with the identical recipe at once (the session pool) or just one (a fresh database per read).
 */
final class GovernedDatabase implements AutoCloseable {

    private final SessionDatabase root;
    private final Path workDirectory;
    private final Path exportDirectory;
    private final Map<ProductId, Map<String, String>> visibleColumns;
    private final AtomicLong exports = new AtomicLong();

    private GovernedDatabase(SessionDatabase root, Path workDirectory, Path exportDirectory,
            Map<ProductId, Map<String, String>> visibleColumns) {
        this.root = root;
        this.workDirectory = workDirectory;
        this.exportDirectory = exportDirectory;
        this.visibleColumns = visibleColumns;
    }

    /**
     * Creates the database of {@code recipe}. {@code cacheParquetMetadata} keeps the Parquet footers in memory
     * between reads: safe because a recipe names immutable snapshot files (a new snapshot is a new recipe).
     */
    static GovernedDatabase create(GovernedRecipe recipe, boolean cacheParquetMetadata) {
        SessionOptions options = recipe.options();
        Path workDirectory;
        try {
            workDirectory = options.tempDirectory().isPresent()
                    ? Files.createTempDirectory(Files.createDirectories(options.tempDirectory().get()), "duckdb-read-")
                    : Files.createTempDirectory("meshwork-duckdb-read-");
        } catch (IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "cannot create the engine's temporary directory: " + e, e);
        }
        Path exportDirectory = workDirectory.resolve("export");
        SessionDatabase database = null;
        try {
            Files.createDirectories(exportDirectory);
            Properties config = new Properties();
            config.setProperty("temp_directory", workDirectory.resolve("spill").toString());
            config.setProperty("autoinstall_known_extensions", "false");
            config.setProperty("autoload_known_extensions", "false");
            config.setProperty("jdbc_stream_results", "true");
            options.memoryLimit().ifPresent(limit -> config.setProperty("memory_limit", limit.trim()));
            options.threads().ifPresent(threads -> config.setProperty("threads", Integer.toString(threads)));
            database = new SessionDatabase(DriverManager.getConnection("jdbc:duckdb:", config));
            for (int i = 0; i < recipe.views().size(); i++) {
                database.update("create the view of " + recipe.views().get(i).product(), recipe.viewStatements().get(i));
            }
            if (cacheParquetMetadata) {
                database.update("cache Parquet metadata", "SET parquet_metadata_cache = true");
            }
            // SET takes no parameters: the paths are quoted literals
            database.update("restrict file access", "SET allowed_paths = [" + recipe.files().stream()
                    .map(file -> SqlIdentifiers.literal(file.toString())).collect(Collectors.joining(", ")) + "]");
            database.update("restrict file access", "SET allowed_directories = ["
                    + SqlIdentifiers.literal(exportDirectory.toAbsolutePath() + "/") + "]");
            database.update("restrict file access", "SET enable_external_access = false");
            database.update("restrict file access", "SET lock_configuration = true");
            Map<ProductId, Map<String, String>> visible = new LinkedHashMap<>();
            for (GovernedView view : recipe.views()) {
                Map<String, String> columns = new LinkedHashMap<>();
                database.select("describe " + view.product(), "SELECT column_name, data_type FROM"
                        + " information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                        List.of(view.product().toString()), row -> columns.put((String) row.value(0), (String) row.value(1)));
                visible.put(view.product(), java.util.Collections.unmodifiableMap(columns));
            }
            return new GovernedDatabase(database, workDirectory, exportDirectory, visible);
        } catch (SQLException | IOException | RuntimeException e) {
            if (database != null) {
                database.close();
            }
            deleteRecursively(workDirectory);
            if (e instanceof MeshException mesh) {
                throw mesh;
            }
            throw new MeshException(ErrorCode.INTERNAL, "cannot start the read session: " + e.getMessage(), e);
        }
    }

    /** A new connection to this database for one reader; the caller closes it. */
    SessionDatabase connect() {
        try {
            return new SessionDatabase(root.duplicate());
        } catch (SQLException e) {
            throw new MeshException(ErrorCode.INTERNAL, "cannot connect to the read session: " + e.getMessage(), e);
        }
    }

    /** The columns each product shows, with their types. */
    Map<ProductId, Map<String, String>> visibleColumns() {
        return visibleColumns;
    }

    Set<ProductId> products() {
        return visibleColumns.keySet();
    }

    /** A fresh file name in the export directory, the only directory a reader's {@code COPY} may write to. */
    Path nextExportFile() {
        InvalidArgumentException.check(Files.isDirectory(exportDirectory), "the read session is closed");
        return exportDirectory.resolve("result-" + exports.incrementAndGet() + ".parquet").toAbsolutePath();
    }

    /** Closes the database and deletes its spill and export files. */
    @Override
    public void close() {
        try {
            root.close();
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a leftover temporary file is not worth failing a read for
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
