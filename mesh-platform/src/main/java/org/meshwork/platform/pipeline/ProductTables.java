package org.meshwork.platform.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.TableFormat;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.workspace.Workspace;

/**
 * Opens a product's table where its storage location resolves, in the format it declares, and its quarantine table
 * beside it ({@code <table>_quarantine}): a sibling, never inside the table, so vacuuming one cannot touch the other.
 */
public final class ProductTables {
    /** Names under which descriptors may ask for the Delta Lake format. */
    /** The table format descriptors name in {@code storage.format}; the default. */
    public static final String DELTA_LAKE = "delta-lake";
    /** Names under which descriptors stored before {@code storage.format} was a closed set may ask for Delta Lake. */
    private static final Set<String> DELTA_NAMES = Set.of(DELTA_LAKE, "delta", "deltalake");
    static final String QUARANTINE_SUFFIX = "_quarantine";

    private final Workspace workspace;
    private final java.util.function.Supplier<TableFormat> deltaFactory;
    private TableFormat delta;

    public ProductTables(Workspace workspace, TableFormat delta) {
        this(workspace, () -> delta);
        requireNonNull(delta, "delta is null");
    }

    /**
     * The Delta format is created on first use: it brings Hadoop's configuration and Delta Kernel's engine, which
     * commands that never open a table (list, show, validate...) need not load.
     */
    public ProductTables(Workspace workspace, java.util.function.Supplier<TableFormat> delta) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.deltaFactory = requireNonNull(delta, "delta is null");
    }

    private synchronized TableFormat delta() {
        if (delta == null) {
            delta = requireNonNull(deltaFactory.get(), "delta is null");
        }
        return delta;
    }

    /** The table formats this installation writes, as {@code storage.format} names them. */
    public Set<String> formats() {
        return Set.of(DELTA_LAKE);
    }

    public Path location(ProductDefinition definition) {
        return workspace.resolveTableLocation(definition.id(),
                definition.infrastructure().storage().flatMap(StorageSpec::location)).path();
    }

    public ProductTable open(ProductDefinition definition) {
        return format(definition).open(location(definition));
    }

    public Path quarantineLocation(ProductDefinition definition) {
        Path table = location(definition);
        return table.resolveSibling(table.getFileName() + QUARANTINE_SUFFIX);
    }

    public ProductTable openQuarantine(ProductDefinition definition) {
        return format(definition).open(quarantineLocation(definition));
    }

    private TableFormat format(ProductDefinition definition) {
        Optional<String> declared = definition.infrastructure().storage().flatMap(StorageSpec::format);
        if (declared.isEmpty() || DELTA_NAMES.contains(declared.get().toLowerCase(Locale.ROOT))) {
            return delta();
        }
        throw new MeshException(ErrorCode.ENGINE_UNAVAILABLE, "table format '" + declared.get()
                + "' of " + definition.id() + " is not available in this installation (available: delta-lake)");
    }
}
