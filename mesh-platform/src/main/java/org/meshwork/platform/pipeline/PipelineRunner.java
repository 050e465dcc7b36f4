package org.meshwork.platform.pipeline;

import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicyViolationException;
import org.meshwork.platform.policy.PolicyService;
import org.meshwork.platform.product.ProductDocuments;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.OrchestrationSpec;
import org.meshwork.api.descriptor.QualitySpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.Engines;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.Relation;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.WrittenResult;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.api.quality.ReferenceData;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.SnapshotInfo;
import org.meshwork.api.table.TableColumn;
import org.meshwork.platform.encryption.DataFileCipher;
import org.meshwork.platform.encryption.PlaintextArea;
import org.meshwork.platform.encryption.PlaintextArea.WriteTarget;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.workspace.EngineSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a product's pipeline: sources → engine session → transform streamed into Parquet files with the contract
 * checked on the way ({@link EngineSession#writeResult}) → quality checks over the written files → one atomic table
 * commit. The files are written before the checks so that the result is computed once and never materialised; they
 * lie in a new data directory that no snapshot references, so readers never see them unless the commit succeeds. Bad source rows are appended to the product's quarantine table with their reason. The results
 * of every quality check are recorded; a failed {@code error} check is the circuit breaker: the run ends
 * {@code failed_quality}. A run that fails, times out or is cancelled publishes nothing: consumers keep reading the
 * previous snapshot, and the files it wrote are deleted (or, after a crash, left for vacuum). Before publishing, the run
 * gate evaluates the run-stage policies: a failed required policy fails the run ({@code failed}, the reason naming each
 * policy) and nothing is published. Every run is recorded in the metadata store.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    /** How many recent runs are looked at for ones abandoned by a dead process. */
    private static final int ABANDONED_RUN_SCAN = 50;

    private final ProductRepository products;
    private final MetadataStore store;
    private final Engines engines;
    private final ProductTables tables;
    private final EngineSettings engineSettings;
    private final Path lockDirectory;
    private final Map<String, String> environment;
    private final Clock clock;
    private final ScheduledExecutorService timeouts;
    private final ExecutorService snapshotReads;
    private final RunListener listener;
    private final PolicyService policies;
    private final DataFileCipher cipher;

    /**
     * @param listener told of every run's end, e.g. to raise alerts
     * @param policies the run gate: run-stage policies evaluated before a run publishes
     * @param cipher encrypts the files of encrypted products and decrypts the encrypted files a run reads
     */
    public PipelineRunner(ProductRepository products, MetadataStore store, Engines engines, ProductTables tables,
            EngineSettings engineSettings, Path lockDirectory, Map<String, String> environment, Clock clock,
            RunListener listener, PolicyService policies, DataFileCipher cipher) {
        this.policies = requireNonNull(policies, "policies is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.products = requireNonNull(products, "products is null");
        this.store = requireNonNull(store, "store is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.engineSettings = requireNonNull(engineSettings, "engineSettings is null");
        this.lockDirectory = requireNonNull(lockDirectory, "lockDirectory is null");
        this.environment = Map.copyOf(environment);
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "meshwork-run-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        this.snapshotReads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "meshwork-run-snapshot");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs a product now, with no authorisation and no audit: callers go through
     * {@code org.meshwork.platform.run.RunService}, the one run use case.
     */
    public RunRecord run(ProductId id, RunTrigger trigger) {
        return run(id, trigger, RunProgress.NONE);
    }

    /**
     * Runs a product now and waits for the end. A product whose engine or table format is not available, or that
     * declares nothing to run, gets a failed run that says so.
     *
     * @return the final run record; its status says how the run ended
     * @throws org.meshwork.api.NoSuchProductException when the product does not exist
     * @throws org.meshwork.platform.schedule.RunInProgressException when a run of the product is already going on
     */
    public RunRecord run(ProductId id, RunTrigger trigger, RunProgress progress) {
        VersionedProduct product = products.get(id);
        ProductDefinition definition = product.definition();
        try (ProductRunLock lock = ProductRunLock.acquire(lockDirectory, id)) {
            closeAbandonedRuns(id);
            RunRecord run = RunRecord.started(RunIds.next(clock.instant()), id, product.version(), trigger, clock.instant());
            store.insertRun(run);
            LOG.info("run {} of {} started ({})", run.runId(), id, trigger.label());
            notifyStart(run, definition);
            RunRecord finished = execute(run, definition, ProductDocuments.decode(product.stored().document()), progress);
            notifyListener(finished, definition);
            return finished;
        }
    }

    /** Listeners never fail a run. */
    private void notifyStart(RunRecord run, ProductDefinition definition) {
        try {
            listener.onRunStarted(run, definition);
        } catch (RuntimeException e) {
            LOG.warn("run {} of {}: a run listener failed at the start: {}", run.runId(), run.productId(), e.toString());
        }
    }

    /** Alerting and other listeners never fail a run: the run's end is already recorded. */
    private void notifyListener(RunRecord run, ProductDefinition definition) {
        try {
            List<CheckResult> checks = run.status() != RunStatus.FAILED_QUALITY ? List.of()
                    : store.checkResults(run.runId()).stream().map(stored -> stored.result()).toList();
            listener.onRunFinished(run, definition, checks);
        } catch (RuntimeException e) {
            LOG.warn("run {} of {}: a run listener failed: {}", run.runId(), run.productId(), e.toString());
        }
    }

    /**
     * Holding the product's run lock, any run of it still marked running belongs to a process that died (killed or
     * crashed) before it could record its end; such a run published nothing, since a commit is its last step.
     */
    private void closeAbandonedRuns(ProductId id) {
        for (RunRecord run : store.runs(id, ABANDONED_RUN_SCAN)) {
            if (run.status() == RunStatus.RUNNING) {
                store.updateRun(new RunRecord(run.runId(), run.productId(), run.descriptorVersion(), run.trigger(),
                        RunStatus.FAILED, run.startedAt(), Optional.of(clock.instant()), run.rowsRead(), run.rowsWritten(),
                        run.rowsQuarantined(), run.bytesWritten(), run.tableVersion(),
                        Optional.of("the run's process ended before the run finished (killed or crashed); nothing of it was published")));
                LOG.warn("run {} of {} was abandoned by its process; marked failed", run.runId(), id);
            }
        }
    }

    private RunRecord execute(RunRecord started, ProductDefinition definition, ProductDocuments documents,
            RunProgress progress) {
        Counters counters = new Counters();
        AtomicBoolean timedOut = new AtomicBoolean();
        List<Path> writtenFiles = new ArrayList<>();
        List<Path> writtenDirectories = new ArrayList<>();
        ScheduledFuture<?> timeout = null;
        try {
            Engine engine = engines.engine(definition.infrastructure().processing()
                    .map(p -> p.engineOrDefault()).orElse("duckdb"));
            if (definition.sources().isEmpty() && definition.product().flatMap(p -> p.transform().sql()).isEmpty()) {
                throw new InvalidArgumentException(definition.id() + " declares no sources and no transform: there is nothing to run");
            }
            ProductTable table = tables.open(definition);
            // the table's current snapshot (its version is the commit's expected one; an append's watermark) is read
            // from the log while the engine starts and loads the sources: the log replay no longer adds to the run
            CompletableFuture<Optional<Snapshot>> current = CompletableFuture.supplyAsync(table::current, snapshotReads);
            // plaintext of encrypted products (sources read, files written before encryption) lives only in the
            // run's staging area, deleted when the run ends
            try (PlaintextArea area = cipher.area(started.runId());
                    EngineSession session = engine.openSession(sessionOptions(started.runId(), definition, area))) {
                Optional<Duration> limit = definition.infrastructure().orchestration()
                        .flatMap(OrchestrationSpec::timeout).map(DurationSpec::duration);
                if (limit.isPresent()) {
                    timeout = timeouts.schedule(() -> {
                        timedOut.set(true);
                        session.cancel();
                    }, limit.get().toMillis(), TimeUnit.MILLISECONDS);
                }
                long tableVersion = publish(started, definition, documents, table, current, session, area, counters,
                        writtenFiles, writtenDirectories, progress);
                return finish(started, RunStatus.SUCCEEDED, counters, tableVersion < 0 ? Optional.empty()
                        : Optional.of(tableVersion), Optional.empty());
            }
        } catch (QualityGateException e) {
            deleteQuietly(writtenFiles, writtenDirectories);
            return finish(started, RunStatus.FAILED_QUALITY, counters, Optional.empty(), Optional.of(e.getMessage()));
        } catch (QueryCancelledException e) {
            deleteQuietly(writtenFiles, writtenDirectories);
            RunStatus status = timedOut.get() ? RunStatus.TIMED_OUT : RunStatus.CANCELLED;
            String reason = timedOut.get() ? "the run exceeded its timeout of " + definition.infrastructure()
                    .orchestration().flatMap(OrchestrationSpec::timeout).map(Object::toString).orElse("?")
                    + " and was cancelled; nothing was published" : "the run was cancelled; nothing was published";
            return finish(started, status, counters, Optional.empty(), Optional.of(reason));
        } catch (MeshException e) {
            deleteQuietly(writtenFiles, writtenDirectories);
            return finish(started, RunStatus.FAILED, counters, Optional.empty(), Optional.of(e.getMessage()));
        } catch (RuntimeException e) {
            deleteQuietly(writtenFiles, writtenDirectories);
            LOG.error("run {} of {} failed unexpectedly", started.runId(), started.productId(), e);
            return finish(started, RunStatus.FAILED, counters, Optional.empty(), Optional.of("internal error: " + e));
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    /** Loads, transforms, checks and commits; returns the new table version, or -1 when nothing was committed. */
    private long publish(RunRecord run, ProductDefinition definition, ProductDocuments documents, ProductTable table,
            CompletableFuture<Optional<Snapshot>> currentSnapshot, EngineSession session, PlaintextArea area,
            Counters counters, List<Path> writtenFiles, List<Path> writtenDirectories, RunProgress reported) {
        RunProgress progress = timed(run, reported);
        if (DataFileCipher.encrypts(definition)) {
            cipher.keys().forWriting(definition.id()); // no master key: fail before any work, never write plaintext
        }
        Path baseDirectory = definition.baseDirectory().orElse(Path.of("").toAbsolutePath());
        for (SourceSpec source : definition.sources()) {
            progress.stage("load " + source.name());
            LoadResult loaded = session.load(source, input(source, baseDirectory, area));
            counters.rowsRead += loaded.rowsRead();
            counters.rowsQuarantined += loaded.rowsQuarantined();
            progress.rowsRead(counters.rowsRead);
        }

        TransformSpec transform = definition.product().map(DataProductDescriptor::transform).orElse(TransformSpec.passThrough());
        Optional<Snapshot> current = await(currentSnapshot);
        Optional<Object> watermarkAfter = Optional.empty();
        if (transform.mode() == WriteMode.APPEND && current.isPresent()) {
            String column = transform.watermark().orElseThrow();
            watermarkAfter = Watermarks.decode(Optional.ofNullable(current.get().info().get(Watermarks.INFO_KEY))
                            .map(mark -> cipher.keys().openText(definition.id(), mark)),
                    current.get().schema().stream().filter(c -> c.name().equals(column)).findFirst());
        }
        // the transform streams into the new data directory: the result is computed once and never materialised;
        // the contract is checked on the way (NOT NULL from the written files' statistics). The files are invisible
        // to readers until the commit and deleted if anything below fails before it.
        progress.stage("transform and write");
        // an encrypted product's result is written into the run's plaintext area and encrypted into the table just
        // before the commit (checks and the watermark read the plaintext files first)
        Path directory = table.newDataDirectory(run.runId());
        writtenDirectories.add(directory);
        WriteTarget target = area.writeTarget(definition, table, directory);
        WrittenResult result = session.writeResult(transform, watermarkAfter, definition.schema(), target.root(),
                target.directory(), ParquetWriteOptions.defaults());
        result.files().forEach(file -> writtenFiles.add(target.root().resolve(file.path())));
        if (counters.rowsQuarantined > 0) {
            progress.stage("quarantine");
            ProductTable quarantine = tables.openQuarantine(definition);
            // committed at once (bad rows are kept whatever becomes of the run), so not among the run's files to undo
            WriteTarget quarantineTarget = area.writeTarget(definition, quarantine,
                    quarantine.newDataDirectory(run.runId()));
            List<DataFile> files = area.seal(quarantineTarget, session.writeParquet(session.quarantine(),
                    quarantineTarget.root(), quarantineTarget.directory(), ParquetWriteOptions.defaults()));
            commit(quarantine, quarantine.current().map(Snapshot::version).orElse(CommitRequest.NEW_TABLE),
                    session.describe(session.quarantine()), files, WriteMode.APPEND, run, Map.of());
        }

        if (transform.mode() == WriteMode.APPEND && result.rowCount() == 0 && current.isPresent()) {
            deleteQuietly(writtenFiles, writtenDirectories);
            return -1; // nothing new since the watermark: nothing to check, no empty snapshot
        }
        List<CheckSpec> checks = definition.infrastructure().quality().map(QualitySpec::checks).orElse(List.of());
        List<CheckResult> results = List.of();
        if (!checks.isEmpty()) {
            progress.stage("quality checks");
            results = session.evaluate(result.relation(), checks,
                    qualityContext(definition, table, transform, checks, area));
            store.insertCheckResults(run.runId(), clock.instant(), recorded(definition, results));
            List<CheckResult> failed = results.stream().filter(CheckResult::blocksPublication).toList();
            if (!failed.isEmpty()) {
                throw new QualityGateException(failed); // the circuit breaker: consumers keep the last good snapshot
            }
        }
        runGate(run, definition, documents, counters, result.rowCount(), results);
        List<DataFile> files = result.files();
        counters.rowsWritten = result.rowCount();

        Map<String, String> info = new LinkedHashMap<>();
        if (transform.mode() == WriteMode.APPEND) {
            String column = transform.watermark().orElseThrow();
            // the watermark is a value of the data: an encrypted product keeps it encrypted in the table's log
            session.max(result.relation(), column).map(Watermarks::encode)
                    .or(() -> current.map(s -> s.info().get(Watermarks.INFO_KEY))
                            .map(mark -> cipher.keys().openText(definition.id(), mark)))
                    .map(mark -> DataFileCipher.encrypts(definition) ? cipher.keys().sealText(definition.id(), mark) : mark)
                    .ifPresent(mark -> info.put(Watermarks.INFO_KEY, mark));
        }
        // nothing reads the written plaintext from here on: an encrypted product's files go into the table encrypted
        if (target.encrypted()) {
            progress.stage("encrypt");
        }
        files = area.seal(target, files);
        files.forEach(file -> writtenFiles.add(table.location().resolve(file.path())));
        counters.bytesWritten = files.stream().mapToLong(DataFile::sizeBytes).sum();
        List<TableColumn> schema = result.schema();
        WriteMode mode = transform.mode();
        boolean plainFilesLeft = DataFileCipher.encrypts(definition) && current.isPresent()
                && current.get().files().stream().anyMatch(file -> !DataFileCipher.isEncrypted(file.path()));
        if (mode == WriteMode.APPEND && current.isPresent() && (!current.get().schema().equals(schema) || plainFilesLeft)
                && !current.get().files().isEmpty()) {
            // the contract changed under an appended table: its rows are carried into the new schema and the whole
            // table is committed at once, so no snapshot ever mixes two schemas. The same carries the plain files of
            // a table whose product turned encryption on into encrypted ones.
            progress.stage(plainFilesLeft ? "encrypt the table's earlier rows" : "carry rows into the new schema");
            Relation previous = session.readTable(area.plaintext(definition.id(), table.location(),
                    current.get().files()), schema);
            Path carriedDirectory = table.newDataDirectory(run.runId() + "-carried");
            writtenDirectories.add(carriedDirectory);
            WriteTarget carriedTarget = area.writeTarget(definition, table, carriedDirectory);
            List<DataFile> carried = area.seal(carriedTarget, session.writeParquet(previous, carriedTarget.root(),
                    carriedTarget.directory(), ParquetWriteOptions.defaults()));
            carried.forEach(file -> writtenFiles.add(table.location().resolve(file.path())));
            files = new ArrayList<>(files);
            files.addAll(carried);
            mode = WriteMode.OVERWRITE;
        }
        progress.stage("commit");
        // the version the run read at its start: reading the log again would cost a second snapshot load, and a commit
        // by anyone else since (the run lock keeps other runs out) must be a conflict, not be overwritten unseen
        Snapshot snapshot = commit(table, current.map(Snapshot::version).orElse(CommitRequest.NEW_TABLE), schema, files,
                mode, run, info);
        writtenFiles.clear(); // committed: they belong to the table now
        writtenDirectories.clear();
        progress.stage("committed");
        return snapshot.version();
    }

    /** Logs each stage's start and the previous stage's duration at DEBUG, for finding where a run's time goes. */
    private static RunProgress timed(RunRecord run, RunProgress progress) {
        if (!LOG.isDebugEnabled()) {
            return progress;
        }
        return new RunProgress() {
            private String current = "start";
            private long started = System.nanoTime();

            @Override
            public void stage(String stage) {
                long now = System.nanoTime();
                LOG.debug("run {}: {} took {} ms; now {}", run.runId(), current, (now - started) / 1_000_000, stage);
                current = stage;
                started = now;
                progress.stage(stage);
            }

            @Override
            public void rowsRead(long rows) {
                progress.rowsRead(rows);
            }
        };
    }

    /**
     * The check results as the metadata store keeps them. The store is not encrypted, so for an encrypted product the
     * failing rows' sample values are left out (the count of failing rows stays): its values live only in its
     * encrypted files.
     */
    private static List<CheckResult> recorded(ProductDefinition definition, List<CheckResult> results) {
        if (!DataFileCipher.encrypts(definition)) {
            return results;
        }
        return results.stream().map(r -> r.failingSample().isEmpty() ? r : new CheckResult(r.name(), r.kind(),
                r.severity(), r.measured(), r.expectation(), r.passed(), r.message(), r.failingRows(), List.of()))
                .toList();
    }

    /**
     * The run gate: the run-stage policies, over the run as it would publish ({@code run.rows_written} is the new
     * data's row count) and this run's check results. Every verdict is recorded as the product's compliance status; a
     * failed required policy refuses publication, so the run fails and consumers keep the last good snapshot.
     */
    private void runGate(RunRecord run, ProductDefinition definition, ProductDocuments documents, Counters counters,
            long rowsToPublish, List<CheckResult> checks) {
        RunRecord publishing = new RunRecord(run.runId(), run.productId(), run.descriptorVersion(), run.trigger(),
                RunStatus.RUNNING, run.startedAt(), Optional.empty(), counters.rowsRead, rowsToPublish,
                counters.rowsQuarantined, 0, Optional.empty(), Optional.empty());
        List<PolicyResult> verdicts = policies.runGate(policies.subject(definition.id(), documents, publishing, checks,
                org.meshwork.platform.encryption.StorageFacts.publishing(definition)));
        if (verdicts.isEmpty()) {
            return;
        }
        policies.record(verdicts, PolicyStage.RUN);
        verdicts.stream().filter(v -> !v.passed() && !v.verdict().blocks())
                .forEach(v -> LOG.warn("run {} of {}: {}", run.runId(), run.productId(), v.describe()));
        List<PolicyResult> violations = verdicts.stream().filter(v -> v.verdict().blocks()).toList();
        if (!violations.isEmpty()) {
            throw new PolicyViolationException("publication of run " + run.runId(), violations);
        }
    }

    /**
     * What checks compare the new data with: the time, the previous run's row count ({@code row_count_change}: the
     * whole table for an overwrite, the last batch for an append) and the current data of every product a
     * {@code referential_integrity} check names.
     */
    private QualityContext qualityContext(ProductDefinition definition, ProductTable table, TransformSpec transform,
            List<CheckSpec> checks, PlaintextArea area) {
        QualityContext context = QualityContext.of(clock.instant(), definition.schema());
        Optional<Long> previous = transform.mode() == WriteMode.APPEND
                ? table.history().stream().findFirst().map(SnapshotInfo::addedRows)
                : table.current().map(Snapshot::rowCount);
        if (previous.isPresent()) {
            context = context.withPreviousRowCount(previous.get());
        }
        for (CheckSpec check : checks) {
            if (check.referenceProduct().isEmpty()) {
                continue;
            }
            ProductId referenced = ProductId.parse(check.referenceProduct().get());
            ProductDefinition reference = products.get(referenced).definition();
            ProductTable referenceTable = tables.open(reference);
            Snapshot snapshot = referenceTable.current().orElseThrow(() -> new MeshException(ErrorCode.RUN_FAILED,
                    "check " + check.name() + " compares with " + referenced + ", which has not published any data yet"));
            context = context.withReference(referenced, new ReferenceData(
                    area.plaintext(referenced, referenceTable.location(), snapshot.files()), snapshot.schema()));
        }
        return context;
    }

    private static Snapshot commit(ProductTable table, long expected, List<TableColumn> schema, List<DataFile> files,
            WriteMode mode, RunRecord run, Map<String, String> extra) {
        Map<String, String> info = new LinkedHashMap<>(extra);
        info.put(CommitRequest.RUN_ID, run.runId());
        info.put(CommitRequest.PRODUCT_ID, run.productId().toString());
        info.put(CommitRequest.OPERATION, mode == WriteMode.APPEND ? "append" : "overwrite");
        return table.commit(new CommitRequest(expected, schema, files, mode, info));
    }

    private SourceInput input(SourceSpec source, Path baseDirectory, PlaintextArea area) {
        if (source.type() != SourceType.PRODUCT) {
            return SourceInput.of(baseDirectory).withEnvironment(environment);
        }
        ProductId upstream = source.product().orElseThrow();
        ProductDefinition definition = products.get(upstream).definition();
        Snapshot snapshot = tables.open(definition).current().orElseThrow(() -> new MeshException(ErrorCode.RUN_FAILED,
                "source '" + source.name() + "' reads " + upstream + ", which has not published any data yet: run it first"));
        Path location = tables.open(definition).location();
        return SourceInput.ofProduct(area.plaintext(upstream, location, snapshot.files()), snapshot.schema());
    }

    /**
     * After loading, the session may touch only what this run writes: the product's table and quarantine table, and
     * the run's own staging area (its encrypted writes, the decrypted files it reads). An encrypted product's engine
     * spills into the staging area too, so no plaintext reaches the disk.
     */
    private SessionOptions sessionOptions(String runId, ProductDefinition definition, PlaintextArea area) {
        Path spill = DataFileCipher.encrypts(definition) ? area.directory() : engineSettings.tempDirectory();
        return new SessionOptions(runId, Optional.of(engineSettings.memoryLimit()),
                OptionalInt.of(engineSettings.threads()), Optional.of(spill),
                List.of(tables.location(definition), tables.quarantineLocation(definition), area.directory()));
    }

    private RunRecord finish(RunRecord run, RunStatus status, Counters counters, Optional<Long> tableVersion,
            Optional<String> error) {
        RunRecord finished = new RunRecord(run.runId(), run.productId(), run.descriptorVersion(), run.trigger(), status,
                run.startedAt(), Optional.of(clock.instant()), counters.rowsRead, counters.rowsWritten,
                counters.rowsQuarantined, counters.bytesWritten, tableVersion, error);
        store.updateRun(finished);
        LOG.info("run {} of {} ended: {}", run.runId(), run.productId(), status.label());
        return finished;
    }

    /** Deletes an uncommitted run's files, then its data directories if nothing else is in them. */
    private static void deleteQuietly(List<Path> files, List<Path> directories) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("could not delete uncommitted file {}: {} (vacuum removes it later)", file, e.getMessage());
            }
        }
        files.clear();
        for (Path directory : directories) {
            try {
                Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException e) {
                LOG.warn("uncommitted data directory {} is not empty; vacuum removes it later", directory);
            } catch (IOException e) {
                LOG.warn("could not delete uncommitted data directory {}: {}", directory, e.getMessage());
            }
        }
        directories.clear();
    }

    /** The value of a read done on another thread, or what it threw, as it threw it. */
    private static <T> T await(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Stops the timeout timer and the snapshot readers. */
    public void close() {
        timeouts.shutdownNow();
        snapshotReads.shutdownNow();
    }

    private static final class Counters {
        long rowsRead;
        long rowsWritten;
        long rowsQuarantined;
        long bytesWritten;
    }
}
