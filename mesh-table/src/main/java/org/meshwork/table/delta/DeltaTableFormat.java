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
 * Delta Lake tables through Delta Kernel: engines write Parquet files, Kernel commits them to the Delta log. The tables
 * are plain Delta tables (reader version 3, writer version 7 with the {@code domainMetadata}, {@code inCommitTimestamp}
 * and, for {@code TIMESTAMP} columns, {@code timestampNtz} features) that Spark with delta-spark reads.
 */
public final class DeltaTableFormat implements TableFormat {

    /** The format's name in configuration. */
    public static final String NAME = "delta";

    private static final String LOG_STORE_KEY = "io.delta.kernel.logStore.file.impl";

    private final Engine engine;

    /** A format for tables on the local file system. */
    public DeltaTableFormat() {
        this(localConfiguration());
    }

    /** A format over a Hadoop configuration, e.g. one that also reaches object stores. */
    public DeltaTableFormat(Configuration hadoopConfiguration) {
        this.engine = DefaultEngine.create(requireNonNull(hadoopConfiguration, "hadoopConfiguration is null"));
    }

    private static Configuration localConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(LOG_STORE_KEY, LocalFileLogStore.class.getName());
        return configuration;
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
        return new DeltaProductTable(engine, root);
    }
}
