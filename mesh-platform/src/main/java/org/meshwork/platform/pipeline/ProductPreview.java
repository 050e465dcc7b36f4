package org.meshwork.platform.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.Row;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.TableColumn;
import org.meshwork.platform.product.ProductDefinition;

/**
 * Reads the first rows of a published snapshot — the current one, a version, or the one current at a time — or of the
 * quarantine, for a product's owners to look at. The engine session reads only the snapshot's files and can write
 * nowhere.
 */
public final class ProductPreview {
    public static final int MAX_ROWS = 1000;
    /** The fixed name the snapshot is loaded under; never user input. */
    private static final String RELATION = "preview_rows";

    private final Engine engine;
    private final ProductTables tables;
    private final org.meshwork.platform.encryption.DataFileCipher cipher;

    /** @param cipher decrypts the files of encrypted products for the preview's session, and deletes them after */
    public ProductPreview(Engine engine, ProductTables tables, org.meshwork.platform.encryption.DataFileCipher cipher) {
        this.engine = requireNonNull(engine, "engine is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
    }

    /** Which snapshot to read. */
    public record Selector(Optional<Long> version, Optional<Instant> asOf, boolean quarantine) {
        public static Selector current() {
            return new Selector(Optional.empty(), Optional.empty(), false);
        }
    }

    /** The rows read, with the snapshot they came from. */
    public record Preview(ProductId id, long version, Instant committedAt, long totalRows, List<TableColumn> columns,
            List<List<Object>> rows) {}

    /** A session that loads decrypted rows spills into their staging area, never to the disk. */
    private static SessionOptions spillInto(org.meshwork.platform.encryption.PlaintextArea area, Snapshot snapshot,
            SessionOptions options) {
        boolean encrypted = snapshot.files().stream()
                .anyMatch(file -> org.meshwork.platform.encryption.DataFileCipher.isEncrypted(file.path()));
        return encrypted ? options.withTempDirectory(area.directory()) : options;
    }

    public Preview read(ProductDefinition definition, Selector selector, int limit) {
        InvalidArgumentException.check(limit >= 1 && limit <= MAX_ROWS, "limit must be between 1 and %d, got %d", MAX_ROWS, limit);
        InvalidArgumentException.check(selector.version().isEmpty() || selector.asOf().isEmpty(),
                "give a version or a time, not both");
        ProductTable table = selector.quarantine() ? tables.openQuarantine(definition) : tables.open(definition);
        Snapshot snapshot;
        if (selector.version().isPresent()) {
            snapshot = table.version(selector.version().get());
        } else if (selector.asOf().isPresent()) {
            snapshot = table.asOf(selector.asOf().get());
        } else {
            snapshot = table.current().orElseThrow(() -> new MeshException(ErrorCode.NO_SUCH_VERSION,
                    definition.id() + (selector.quarantine() ? " has quarantined no rows" : " has not published any data yet")
                            + (selector.quarantine() ? "" : ": run it with 'mesh run " + definition.id() + "'")));
        }
        SourceSpec source = new SourceSpec(RELATION, SourceType.PRODUCT, Optional.empty(), Map.of(), Map.of(),
                Optional.of(definition.id()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        try (org.meshwork.platform.encryption.PlaintextArea area = cipher.area("preview");
                EngineSession session = engine.openSession(spillInto(area, snapshot,
                        SessionOptions.of("preview-" + definition.id(), List.of())))) {
            List<Path> files = area.plaintext(definition.id(), table.location(), snapshot.files());
            LoadResult loaded = session.load(source, SourceInput.ofProduct(files, snapshot.schema()));
            List<Row> rows = session.query("SELECT * FROM \"" + RELATION + "\" LIMIT ?", List.of((long) limit),
                    row -> row);
            return new Preview(definition.id(), snapshot.version(), snapshot.committedAt(), loaded.rowsLoaded(),
                    snapshot.schema(), rows.stream().map(Row::values).toList());
        }
    }
}
