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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
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
import org.meshwork.api.table.NoSuchSnapshotException;
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
 * Enforces a product's retention ({@link RetentionPlan}: the declared duration and how rows expire) on its table and
 * its quarantine table:
 * <ol>
 *   <li>expiry by <b>event time</b> ({@code storage.event_time_column}): rows whose event time lies before
 *       {@code now − retention} (and rows without an event time, which cannot show they are within it) are deleted in
 *       a new snapshot: the current data is read by the engine, filtered with a bound parameter, written as new Parquet
 *       and committed as an overwrite, whose Delta log removes every old file;</li>
 *   <li>expiry by <b>commit time</b> (the default without an event time column): the current snapshot's files that the
 *       table already held at the cutoff — committed before it, so every row in them is older than the retention —
 *       leave the table in a new snapshot ({@link ProductTable#removeFiles}); the files kept are not rewritten, so
 *       they keep their commit time. An overwritten product's whole snapshot expires this way once it is older than the
 *       retention; an appended product loses its batches oldest first;</li>
 *   <li>the quarantine table ({@code <table>_quarantine}, raw source rows) always expires by commit time: the run that
 *       quarantined a row is its age;</li>
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
                results.add(RetentionResult.nothingDone(product.id(),
                        "skipped: a run is in progress; the next pass enforces it"));
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
        Optional<RetentionPlan> found = RetentionPlan.of(definition);
        if (found.isEmpty()) {
            return RetentionResult.nothingDone(id,
                    "no retention declared (spec.retention_period_days or spec.storage.retention)");
        }
        RetentionPlan plan = found.get();
        Instant now = clock.instant();
        Instant cutoff = plan.cutoff(now);
        try (ProductRunLock lock = ProductRunLock.acquire(lockDirectory, id)) {
            ProductTable table = tables.open(definition);
            Deletion deletion = new Deletion(0, Optional.empty());
            if (table.current().isPresent()) {
                Snapshot current = table.current().get();
                deletion = switch (plan.expiry()) {
                    case EVENT_TIME -> deleteExpiredRows(definition, table, current, plan.eventTimeColumn().orElseThrow(),
                            cutoff, now);
                    case COMMIT_TIME -> removeCommittedBefore(definition, table, current, cutoff, now);
                };
            }
            List<String> deletedFiles = new ArrayList<>();
            long[] deletedBytes = {0};
            vacuum(table, deletion, plan, now, deletedFiles, deletedBytes);
            ProductTable quarantine = tables.openQuarantine(definition);
            Deletion quarantined = new Deletion(0, Optional.empty());
            if (quarantine.current().isPresent()) {
                quarantined = removeCommittedBefore(definition, quarantine, quarantine.current().get(), cutoff, now);
                vacuum(quarantine, quarantined, plan, now, deletedFiles, deletedBytes);
            }
            String note = deletion.rows() + " expired rows deleted (by " + plan.expiry().label().replace('_', ' ')
                    + ")" + deletion.version().map(v -> " in version " + v).orElse("")
                    + ", " + quarantined.rows() + " expired quarantined rows deleted, "
                    + deletedFiles.size() + " files removed";
            LOG.info("retention of {} ({}): {}", id, plan.describe(), note);
            return new RetentionResult(id, Optional.of(plan.retention()), Optional.of(plan.expiry()), Optional.of(cutoff),
                    deletion.rows(), deletion.version(), quarantined.rows(), deletedFiles, deletedBytes[0], note);
        }
    }

    /** After a deletion no older snapshot may keep the deleted rows: expire them all, not only the old ones. */
    private static void vacuum(ProductTable table, Deletion deletion, RetentionPlan plan, Instant now,
            List<String> deletedFiles, long[] deletedBytes) {
        VacuumResult vacuum = deletion.rows() > 0 || deletion.version().isPresent()
                ? table.vacuum(Duration.ZERO, afterLatestCommit(table, now))
                : table.vacuum(plan.retention(), now);
        Path root = table.location();
        for (String file : vacuum.deletedFiles()) {
            deletedFiles.add(root.getFileName() + "/" + file);
        }
        deletedBytes[0] += vacuum.deletedBytes();
    }

    /**
     * Expiry by commit time: the files of {@code current} that the snapshot at the cutoff already held were committed
     * before it; they leave the table. A cutoff before the table's first commit expires nothing.
     */
    private static Deletion removeCommittedBefore(ProductDefinition definition, ProductTable table, Snapshot current,
            Instant cutoff, Instant now) {
        Set<String> atCutoff = new HashSet<>();
        try {
            table.asOf(cutoff).files().forEach(file -> atCutoff.add(file.path()));
        } catch (NoSuchSnapshotException e) {
            return new Deletion(0, Optional.empty());
        }
        Set<String> expired = new HashSet<>();
        long rows = 0;
        for (DataFile file : current.files()) {
            if (atCutoff.contains(file.path())) {
                expired.add(file.path());
                rows += file.rowCount();
            }
        }
        if (expired.isEmpty()) {
            return new Deletion(0, Optional.empty());
        }
        Map<String, String> info = new LinkedHashMap<>(current.info());
        info.put(CommitRequest.RUN_ID, "retention-" + now.toEpochMilli());
        info.put(CommitRequest.PRODUCT_ID, definition.id().toString());
        info.put(CommitRequest.OPERATION, OPERATION);
        info.put("retentionCutoff", cutoff.toString());
        info.put("retentionDeletedRows", Long.toString(rows));
        Snapshot snapshot = table.removeFiles(current.version(), expired, info);
        return new Deletion(rows, Optional.of(snapshot.version()));
    }

    /**
     * A zero-retention vacuum keeps the files a commit at or after its {@code now} removed (they were current until
     * then); the deletion's own commit removed the files holding the expired rows, so vacuum just after it.
     */
    private static Instant afterLatestCommit(ProductTable table, Instant now) {
        Instant committed = table.current().map(Snapshot::committedAt).orElse(now).plusMillis(1);
        return committed.isAfter(now) ? committed : now;
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
