package org.meshwork.table.delta;

import static java.util.Objects.requireNonNull;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.TableFormat;

/**
 * Delta Lake tables on the local file system through Delta Kernel: engines write Parquet files, Kernel commits them to
 * the Delta log. The tables are plain Delta tables that Spark with delta-spark reads: protocol writer version 7 with the
 * {@code inCommitTimestamp} feature (commit times live in the log, so time travel survives copying the directory) and
 * the {@code domainMetadata} feature (each commit's Meshwork info is stored in the {@code meshwork.commit} domain);
 * reader version 1, or 3 with {@code timestampNtz} when a column is a {@code TIMESTAMP} without time zone.
 */
public final class DeltaTableFormat implements TableFormat {

    /** The format's name in configuration. */
    public static final String NAME = "delta";

    private static final String LOG_STORE_KEY = "io.delta.kernel.logStore.file.impl";

    /** Built snapshots kept for reuse (see {@link SnapshotCache}); a served read asks for the current one every time. */
    private static final int CACHED_SNAPSHOTS = 256;

    private final Engine engine;
    private final SnapshotCache snapshots = new SnapshotCache(CACHED_SNAPSHOTS);

    public DeltaTableFormat() {
        Configuration configuration = new Configuration();
        configuration.set(LOG_STORE_KEY, LocalFileLogStore.class.getName());
        this.engine = DefaultEngine.create(configuration);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProductTable open(Path location) {
        requireNonNull(location, "location is null");
        Path root = location.toAbsolutePath().normalize();
        InvalidArgumentException.check(!Files.exists(root) || Files.isDirectory(root),
                "table location %s exists and is not a directory", root);
        return new DeltaProductTable(engine, root, snapshots);
    }

    /** How many snapshots were built on a cache miss (concurrent misses of one version build it once). */
    long builtSnapshots() {
        return snapshots.builds();
    }

    /** How many snapshot lookups were answered from the cache. */
    long cachedSnapshotHits() {
        return snapshots.hits();
    }
}
