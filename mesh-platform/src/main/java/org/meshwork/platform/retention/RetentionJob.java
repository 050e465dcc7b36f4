package org.meshwork.platform.retention;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.TransformResult;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.TableColumn;
import org.meshwork.api.table.VacuumResult;
import org.meshwork.platform.pipeline.ProductRunLock;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.workspace.EngineSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces a product's declared retention ({@code spec.retention_period_days} or {@code spec.storage.retention}; the
 * shorter wins when both are given) on its table:
 * <ol>
 *   <li>with {@code storage.event_time_column}, rows whose event time lies before {@code now − retention} (and rows
 *       without an event time, which cannot show they are within it) are deleted in a new snapshot: the current data
 *       is read by the engine, filtered with a bound parameter, written as new Parquet and committed as an overwrite,
 *       whose Delta log removes every old file;</li>
 *   <li>snapshots older than the retention are expired and their files physically removed (vacuum); after a
 *       deletion, every snapshot that still held the deleted rows is expired at once, so no file on disk keeps them.</li>
 * </ol>
 * It holds the product's run lock throughout, so it never races a run of the same product (whose files a zero-age
 * vacuum would otherwise remove). The server or the scheduler calls {@link #enforceAll()} periodically.
 */
public final class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    /** {@link CommitRequest#OPERATION} of a retention commit. */
    public static final String OPERATION = "retention";
    private static final String SOURCE = "current_data";

    private final ProductRepository products;
    private final ProductTables tables;
    private final Engine engine;
    private final EngineSettings engineSettings;
    private final Path lockDirectory;
    private final Clock clock;
    private final org.meshwork.platform.encryption.DataFileCipher cipher;

    /** @param cipher decrypts an encrypted product's files for the rewrite and encrypts the rows it keeps */
    public RetentionJob(ProductRepository products, ProductTables tables, Engine engine, EngineSettings engineSettings,
            Path lockDirectory, Clock clock, org.meshwork.platform.encryption.DataFileCipher cipher) {
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.products = requireNonNull(products, "products is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.engineSettings = requireNonNull(engineSettings, "engineSettings is null");
        this.lockDirectory = requireNonNull(lockDirectory, "lockDirectory is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One pass over every product; a product whose run is in progress is skipped and says so. */
    public List<RetentionResult> enforceAll() {
        List<RetentionResult> results = new ArrayList<>();
        for (VersionedProduct product : products.list()) {
            try {
                results.add(enforce(product.id()));
            } catch (org.meshwork.platform.schedule.RunInProgressException e) {
                results.add(new RetentionResult(product.id(), Optional.empty(), Optional.empty(), 0, Optional.empty(),
                        List.of(), 0, "skipped: a run is in progress; the next pass enforces it"));
            }
        }
        return results;
    }

    /**
     * Enforces the retention of one product now.
     *
     * @throws org.meshwork.api.NoSuchProductException when it does not exist
     * @throws org.meshwork.platform.schedule.RunInProgressException when it is running
     */
    public RetentionResult enforce(ProductId id) {
        ProductDefinition definition = products.get(id).definition();
        Optional<Duration> retention = retention(definition);
        if (retention.isEmpty()) {
            return new RetentionResult(id, Optional.empty(), Optional.empty(), 0, Optional.empty(), List.of(), 0,
                    "no retention declared (spec.retention_period_days or spec.storage.retention)");
        }
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention.get());
        Optional<String> eventTime = definition.infrastructure().storage().flatMap(StorageSpec::eventTimeColumn);
        try (ProductRunLock lock = ProductRunLock.acquire(lockDirectory, id)) {
            ProductTable table = tables.open(definition);
            long deleted = 0;
            Optional<Long> version = Optional.empty();
            if (eventTime.isPresent() && table.current().isPresent()) {
                Snapshot current = table.current().get();
                Deletion deletion = deleteExpiredRows(definition, table, current, eventTime.get(), cutoff, now);
                deleted = deletion.rows();
                version = deletion.version();
            }
            // after a deletion no older snapshot may keep the deleted rows: expire them all, not only the old ones
            VacuumResult vacuum = deleted > 0
                    ? table.vacuum(Duration.ZERO, afterLatestCommit(table, now))
                    : table.vacuum(retention.get(), now);
            String note = (eventTime.isEmpty() ? "no storage.event_time_column: rows are kept; " : "")
                    + deleted + " expired rows deleted" + version.map(v -> " in version " + v).orElse("")
                    + ", " + vacuum.deletedFiles().size() + " files removed";
            LOG.info("retention of {} ({}): {}", id, retention.get(), note);
            return new RetentionResult(id, retention, Optional.of(cutoff), deleted, version, vacuum.deletedFiles(),
                    vacuum.deletedBytes(), note);
        }
    }

    /**
     * A zero-retention vacuum keeps the files a commit at or after its {@code now} removed (they were current until
     * then); the deletion's own commit removed the files holding the expired rows, so vacuum just after it.
     */
    private static Instant afterLatestCommit(ProductTable table, Instant now) {
        Instant committed = table.current().map(Snapshot::committedAt).orElse(now).plusMillis(1);
        return committed.isAfter(now) ? committed : now;
    }

    /** The declared retention; the shorter of the two when both are declared. */
    static Optional<Duration> retention(ProductDefinition definition) {
        Optional<Duration> days = definition.product().flatMap(DataProductDescriptor::retentionPeriodDays)
                .map(d -> Duration.ofDays(d.longValue()));
        Optional<Duration> storage = definition.infrastructure().storage().flatMap(StorageSpec::retention)
                .map(DurationSpec::duration);
        if (days.isPresent() && storage.isPresent()) {
            return Optional.of(days.get().compareTo(storage.get()) <= 0 ? days.get() : storage.get());
        }
        return days.or(() -> storage);
    }

    private Deletion deleteExpiredRows(ProductDefinition definition, ProductTable table, Snapshot current,
            String column, Instant cutoff, Instant now) {
        TableColumn eventColumn = current.schema().stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("spec.storage.event_time_column: column '" + column
                        + "' is not in the table of " + definition.id() + " (its columns: "
                        + current.schema().stream().map(TableColumn::name).toList() + ")"));
        Object keepAfter = boundBefore(eventColumn, cutoff);
        String runId = "retention-" + now.toEpochMilli();
        try (org.meshwork.platform.encryption.PlaintextArea area = cipher.area(runId);
                EngineSession session = engine.openSession(new SessionOptions(runId,
                        Optional.of(engineSettings.memoryLimit()), OptionalInt.of(engineSettings.threads()),
                        Optional.of(encrypted(definition, current) ? area.directory() : engineSettings.tempDirectory()),
                        List.of(table.location(), area.directory())))) {
            List<Path> files = area.plaintext(definition.id(), table.location(), current.files());
            session.load(new SourceSpec(SOURCE, SourceType.PRODUCT, Optional.empty(), Map.of(), Map.of(),
                    Optional.of(definition.id()), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()), SourceInput.ofProduct(files, current.schema()));
            // the engine applies the bound as a parameter (col > ?): the value is never spliced into SQL
            TransformResult kept = session.transform(new TransformSpec(Optional.empty(), Optional.empty(),
                    WriteMode.OVERWRITE, Optional.of(column), false), Optional.of(keepAfter));
            long deleted = current.rowCount() - kept.rowCount();
            if (deleted == 0) {
                return new Deletion(0, Optional.empty());
            }
            org.meshwork.platform.encryption.PlaintextArea.WriteTarget target =
                    area.writeTarget(definition, table, table.newDataDirectory(runId));
            List<DataFile> written = area.seal(target, session.writeParquet(kept.relation(), target.root(),
                    target.directory(), ParquetWriteOptions.defaults()));
            Map<String, String> info = new LinkedHashMap<>(current.info());
            info.put(CommitRequest.RUN_ID, runId);
            info.put(CommitRequest.PRODUCT_ID, definition.id().toString());
            info.put(CommitRequest.OPERATION, OPERATION);
            info.put("retentionCutoff", cutoff.toString());
            info.put("retentionDeletedRows", Long.toString(deleted));
            Snapshot snapshot = table.commit(CommitRequest.overwrite(current.version(), current.schema(), written, info));
            return new Deletion(deleted, Optional.of(snapshot.version()));
        }
    }

    /** Whether the rewrite handles plaintext of encrypted files: then the engine spills into the staging area. */
    private static boolean encrypted(ProductDefinition definition, Snapshot current) {
        return org.meshwork.platform.encryption.DataFileCipher.encrypts(definition) || current.files().stream()
                .anyMatch(file -> org.meshwork.platform.encryption.DataFileCipher.isEncrypted(file.path()));
    }

    /**
     * The value rows must be newer than to be kept ({@code > bound}), in the column's type: one tick before the
     * cutoff, so rows exactly at it stay.
     */
    private static Object boundBefore(TableColumn column, Instant cutoff) {
        String type = column.type().toUpperCase(Locale.ROOT);
        if (type.equals("DATE")) {
            return LocalDate.ofInstant(cutoff, ZoneOffset.UTC).minusDays(1);
        }
        if (type.startsWith("TIMESTAMP WITH TIME ZONE") || type.equals("TIMESTAMPTZ")) {
            return cutoff.minusNanos(1_000);
        }
        if (type.startsWith("TIMESTAMP")) {
            return LocalDateTime.ofInstant(cutoff.minusNanos(1_000), ZoneOffset.UTC);
        }
        throw new InvalidArgumentException("spec.storage.event_time_column: column '" + column.name() + "' is "
                + column.type() + "; retention needs a DATE or TIMESTAMP column");
    }

    private record Deletion(long rows, Optional<Long> version) {}
}
