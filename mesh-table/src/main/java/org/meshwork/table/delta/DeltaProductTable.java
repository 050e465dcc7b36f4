package org.meshwork.table.delta;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.CommitActions;
import io.delta.kernel.CommitRangeBuilder.CommitBoundary;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CommitStateUnknownException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.tablefeatures.TableFeatures;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.NoSuchSnapshotException;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.SnapshotInfo;
import org.meshwork.api.table.TableColumn;
import org.meshwork.api.table.VacuumResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Delta table on the local file system, read and committed through Delta Kernel. */
final class DeltaProductTable implements ProductTable {

    /** The engine name Kernel writes into each commit's {@code commitInfo.engineInfo}. */
    static final String ENGINE_INFO = "Meshwork";
    /** The user-controlled domain whose metadata carries each commit's {@link CommitRequest#info()}. */
    static final String COMMIT_INFO_DOMAIN = "meshwork.commit";
    static final String LOG_DIRECTORY = "_delta_log";
    static final String DATA_DIRECTORY = "data";

    private static final Logger LOG = LoggerFactory.getLogger(DeltaProductTable.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");
    private static final Map<String, String> NEW_TABLE_PROPERTIES = Map.of(
            "delta.enableInCommitTimestamps", "true",
            "delta.feature.domainMetadata", "supported");

    private final Engine engine;
    private final Path root;
    private final String tablePath;
    private final SnapshotCache snapshots;

    DeltaProductTable(Engine engine, Path root, SnapshotCache snapshots) {
        this.engine = requireNonNull(engine, "engine is null");
        this.root = requireNonNull(root, "root is null");
        this.tablePath = root.toString();
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
    }

    @Override
    public Path location() {
        return root;
    }

    @Override
    public Optional<org.meshwork.api.table.Snapshot> current() {
        Optional<Long> newest = newestVersion();
        Optional<SnapshotCache.Key> key = newest.flatMap(version -> SnapshotCache.key(root, version));
        if (key.isPresent()) {
            // concurrent first reads of a new version build it once; load() gives exactly that version even when a
            // newer commit lands meanwhile
            return Optional.of(snapshots.getOrBuild(key.get(), () -> load(key.get().version())));
        }
        return latest().map(this::toSnapshot).map(this::remember);
    }

    private org.meshwork.api.table.Snapshot remember(org.meshwork.api.table.Snapshot snapshot) {
        SnapshotCache.key(root, snapshot.version()).ifPresent(key -> snapshots.put(key, snapshot));
        return snapshot;
    }

    @Override
    public org.meshwork.api.table.Snapshot version(long version) {
        if (version >= 0) {
            Optional<SnapshotCache.Key> key = SnapshotCache.key(root, version);
            if (key.isPresent()) {
                return snapshots.getOrBuild(key.get(), () -> load(version));
            }
        }
        return remember(load(version));
    }

    private org.meshwork.api.table.Snapshot load(long version) {
        Snapshot latest = latest().orElseThrow(() -> noSuchSnapshot("version " + version, null));
        if (version < 0 || version > latest.getVersion()) {
            throw noSuchSnapshot("version " + version + " (latest is " + latest.getVersion() + ")", null);
        }
        if (version == latest.getVersion()) {
            return toSnapshot(latest);
        }
        try {
            return toSnapshot(TableManager.loadSnapshot(tablePath).atVersion(version).build(engine));
        } catch (KernelException e) {
            throw noSuchSnapshot("version " + version, e);
        }
    }

    @Override
    public org.meshwork.api.table.Snapshot asOf(Instant time) {
        requireNonNull(time, "time is null");
        Snapshot latest = latest().orElseThrow(() -> noSuchSnapshot("a version at " + time, null));
        long millis = time.toEpochMilli();
        if (millis >= latest.getTimestamp(engine)) {
            return toSnapshot(latest);
        }
        try {
            return toSnapshot(TableManager.loadSnapshot(tablePath).atTimestamp(millis, latest).build(engine));
        } catch (KernelException e) {
            throw noSuchSnapshot("a version committed at or before " + time, e);
        }
    }

    @Override
    public List<SnapshotInfo> history() {
        Optional<Snapshot> latest = latest();
        if (latest.isEmpty()) {
            return List.of();
        }
        List<SnapshotInfo> history = new ArrayList<>();
        forEachCommit(latest.get(), Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.DOMAINMETADATA),
                commit -> history.add(commit.toInfo()));
        history.sort(Comparator.comparingLong(SnapshotInfo::version).reversed());
        return List.copyOf(history);
    }

    @Override
    public Path newDataDirectory(String runId) {
        requireNonNull(runId, "runId is null");
        InvalidArgumentException.check(RUN_ID.matcher(runId).matches() && !runId.startsWith("."),
                "run id '%s' may only contain letters, digits, '.', '_' and '-', and must not start with '.'", runId);
        Path directory = root.resolve(DATA_DIRECTORY)
                .resolve(runId + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(directory.getParent());
            return Files.createDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + directory, e);
        }
    }

    @Override
    public org.meshwork.api.table.Snapshot commit(CommitRequest request) {
        requireNonNull(request, "request is null");
        StructType schema = DeltaTypes.toDelta(request.schema());
        List<DataFileStatus> files = fileStatuses(request.files());
        Optional<Snapshot> base = latest();
        long latestVersion = base.map(Snapshot::getVersion).orElse(CommitRequest.NEW_TABLE);
        if (latestVersion != request.expectedVersion()) {
            throw conflict(request.expectedVersion(), latestVersion);
        }
        try {
            Transaction transaction;
            boolean replace = false;
            if (base.isEmpty()) {
                transaction = createTransaction(schema);
            } else if (sameSchema(base.get(), schema)) {
                transaction = updateTransaction(base.get());
            } else {
                transaction = replaceTransaction(base.get(), schema, request.mode());
                replace = true;
            }
            transaction.addDomainMetadata(COMMIT_INFO_DOMAIN, toJson(request.info()));
            List<Row> actions = new ArrayList<>();
            // a replace removes every file of the table by itself
            if (request.mode() == WriteMode.OVERWRITE && base.isPresent() && !replace) {
                actions.addAll(removeActions(base.get()));
            }
            actions.addAll(appendActions(transaction, files));
            TransactionCommitResult result = transaction.commit(engine,
                    CloseableIterable.inMemoryIterable(toCloseableIterator(actions)));
            runPostCommitHooks(result);
            return result.getPostCommitSnapshot()
                    .map(this::toSnapshot)
                    .orElseGet(() -> version(result.getVersion()));
        } catch (TableAlreadyExistsException | ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            throw conflict(request.expectedVersion(), latest().map(Snapshot::getVersion).orElse(CommitRequest.NEW_TABLE));
        } catch (CommitStateUnknownException e) {
            throw new MeshException(ErrorCode.INTERNAL,
                    "the commit to table " + root + " may or may not have succeeded; read the table to find out", e);
        }
    }

    @Override
    public org.meshwork.api.table.Snapshot removeFiles(long expectedVersion, Set<String> paths, Map<String, String> info) {
        requireNonNull(paths, "paths is null");
        requireNonNull(info, "info is null");
        InvalidArgumentException.check(!paths.isEmpty(), "no files to remove from table %s", root);
        Optional<Snapshot> base = latest();
        long latestVersion = base.map(Snapshot::getVersion).orElse(CommitRequest.NEW_TABLE);
        if (latestVersion != expectedVersion || base.isEmpty()) {
            throw conflict(expectedVersion, latestVersion);
        }
        long deletedAt = System.currentTimeMillis();
        List<Row> removes = new ArrayList<>();
        Set<String> found = new HashSet<>();
        forEachScanFile(base.get(), add -> {
            String path = decode(add.getPath());
            if (paths.contains(path)) {
                found.add(path);
                removes.add(SingleAction.createRemoveFileSingleAction(add.toRemoveFileRow(true, Optional.of(deletedAt))));
            }
        });
        Set<String> missing = new java.util.TreeSet<>(paths);
        missing.removeAll(found);
        InvalidArgumentException.check(missing.isEmpty(), "table %s version %s holds no files %s", root,
                expectedVersion, missing);
        try {
            Transaction transaction = updateTransaction(base.get());
            transaction.addDomainMetadata(COMMIT_INFO_DOMAIN, toJson(Map.copyOf(info)));
            TransactionCommitResult result = transaction.commit(engine,
                    CloseableIterable.inMemoryIterable(toCloseableIterator(removes)));
            runPostCommitHooks(result);
            return result.getPostCommitSnapshot()
                    .map(this::toSnapshot)
                    .orElseGet(() -> version(result.getVersion()));
        } catch (ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            throw conflict(expectedVersion, latest().map(Snapshot::getVersion).orElse(CommitRequest.NEW_TABLE));
        } catch (CommitStateUnknownException e) {
            throw new MeshException(ErrorCode.INTERNAL,
                    "the commit to table " + root + " may or may not have succeeded; read the table to find out", e);
        }
    }

    @Override
    public VacuumResult vacuum(Duration retention, Instant now) {
        requireNonNull(retention, "retention is null");
        requireNonNull(now, "now is null");
        InvalidArgumentException.check(!retention.isNegative(), "retention must not be negative: %s", retention);
        long cutoff = now.minus(retention).toEpochMilli();
        if (!Files.isDirectory(root)) {
            return new VacuumResult(List.of(), 0);
        }
        Set<String> referenced = referencedFiles(cutoff);
        Path log = root.resolve(LOG_DIRECTORY);
        List<String> deleted = new ArrayList<>();
        long[] deletedBytes = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    return directory.equals(log) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String relative = relative(file);
                    if (!referenced.contains(relative) && attributes.lastModifiedTime().toMillis() < cutoff
                            && Files.deleteIfExists(file)) {
                        deleted.add(relative);
                        deletedBytes[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    if (!directory.equals(root)) {
                        deleteIfEmptyAndOld(directory, cutoff);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot vacuum table " + root, e);
        }
        Collections.sort(deleted);
        return new VacuumResult(deleted, deletedBytes[0]);
    }

    private Optional<Snapshot> latest() {
        if (!Files.isDirectory(root.resolve(LOG_DIRECTORY))) {
            return Optional.empty();
        }
        try {
            return Optional.of(TableManager.loadSnapshot(tablePath).build(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    private Transaction createTransaction(StructType schema) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create table directory " + root, e);
        }
        try {
            return TableManager.buildCreateTableTransaction(tablePath, schema, ENGINE_INFO)
                    .withTableProperties(NEW_TABLE_PROPERTIES)
                    .withMaxRetries(0)
                    .build(engine);
        } catch (TableAlreadyExistsException e) {
            throw e;
        } catch (KernelException | IllegalArgumentException e) {
            throw new InvalidArgumentException("cannot create a Delta table with schema " + schema + ": " + e.getMessage());
        }
    }

    private static boolean sameSchema(Snapshot base, StructType schema) {
        return DeltaTypes.fromDelta(base.getSchema()).equals(DeltaTypes.fromDelta(schema));
    }

    private Transaction updateTransaction(Snapshot base) {
        var builder = base.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).withMaxRetries(0);
        if (!TableFeatures.isDomainMetadataSupported(base.getProtocol())) {
            builder = builder.withTablePropertiesAdded(Map.of("delta.feature.domainMetadata", "supported"));
        }
        return builder.build(engine);
    }

    /**
     * An overwrite with a new schema replaces the table (Delta's REPLACE TABLE): the new version has the new schema and
     * only the new files, while older versions keep theirs, so time travel still reads them as they were. Without
     * column mapping a Delta table cannot evolve its schema in place, and column mapping would make the Parquet files
     * DuckDB writes unreadable by their column names; a replace needs neither. An append keeps the table's schema:
     * whoever changes the schema of an appended table rewrites it with an overwrite.
     */
    private Transaction replaceTransaction(Snapshot base, StructType schema, WriteMode mode) {
        if (mode != WriteMode.OVERWRITE) {
            throw new InvalidArgumentException(String.format(Locale.ROOT,
                    "cannot append to table %s with schema %s: its schema is %s; an append keeps the table's schema "
                            + "(a schema change is committed as an overwrite)",
                    root, DeltaTypes.fromDelta(schema), DeltaTypes.fromDelta(base.getSchema())));
        }
        // Kernel 4.4 exposes REPLACE TABLE on its snapshot implementation only
        if (!(base instanceof SnapshotImpl)) {
            throw new IllegalStateException("Delta Kernel returned a snapshot of unexpected type " + base.getClass());
        }
        try {
            return ((SnapshotImpl) base).buildReplaceTableTransaction(schema, ENGINE_INFO)
                    .withTableProperties(NEW_TABLE_PROPERTIES)
                    .withMaxRetries(0)
                    .build(engine);
        } catch (KernelException | IllegalArgumentException e) {
            throw new InvalidArgumentException("cannot replace table " + root + " with schema " + schema + ": "
                    + e.getMessage());
        }
    }

    private List<DataFileStatus> fileStatuses(List<DataFile> files) {
        List<DataFileStatus> statuses = new ArrayList<>(files.size());
        for (DataFile file : files) {
            InvalidArgumentException.check(!file.path().startsWith(LOG_DIRECTORY + "/"),
                    "data file %s lies inside the Delta log", file.path());
            Path path = root.resolve(file.path()).normalize();
            InvalidArgumentException.check(path.startsWith(root) && Files.isRegularFile(path),
                    "data file %s does not exist in table %s", file.path(), root);
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                DataFileStatistics statistics = new DataFileStatistics(
                        file.rowCount(), Map.of(), Map.of(), Map.of(), Optional.empty());
                statuses.add(new DataFileStatus(new org.apache.hadoop.fs.Path(path.toUri()).toString(), attributes.size(),
                        attributes.lastModifiedTime().toMillis(), Optional.of(statistics)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read data file " + path, e);
            }
        }
        return statuses;
    }

    private List<Row> appendActions(Transaction transaction, List<DataFileStatus> files) {
        Row state = transaction.getTransactionState(engine);
        List<Row> actions = new ArrayList<>(files.size());
        try (CloseableIterator<Row> rows = Transaction.generateAppendActions(engine, state,
                toCloseableIterator(files), Transaction.getWriteContext(engine, state, Map.of()))) {
            rows.forEachRemaining(actions::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return actions;
    }

    private List<Row> removeActions(Snapshot base) {
        long deletedAt = System.currentTimeMillis();
        List<Row> removes = new ArrayList<>();
        forEachScanFile(base, add -> removes.add(
                SingleAction.createRemoveFileSingleAction(add.toRemoveFileRow(true, Optional.of(deletedAt)))));
        return removes;
    }

    private void runPostCommitHooks(TransactionCommitResult result) {
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            try {
                hook.threadSafeInvoke(engine);
            } catch (IOException | RuntimeException e) {
                LOG.warn("post-commit {} of table {} version {} failed; the commit stands", hook.getType(), root,
                        result.getVersion(), e);
            }
        }
    }

    private org.meshwork.api.table.Snapshot toSnapshot(Snapshot snapshot) {
        List<DataFile> files = new ArrayList<>();
        forEachScanFile(snapshot, add -> files.add(new DataFile(decode(add.getPath()), add.getSize(),
                add.getNumRecords().orElse(0L), add.getModificationTime())));
        files.sort(Comparator.comparing(DataFile::path));
        long rowCount = files.stream().mapToLong(DataFile::rowCount).sum();
        Map<String, String> info = snapshot.getDomainMetadata(COMMIT_INFO_DOMAIN).map(DeltaProductTable::fromJson)
                .orElse(Map.of());
        return new org.meshwork.api.table.Snapshot(snapshot.getVersion(),
                Instant.ofEpochMilli(snapshot.getTimestamp(engine)), DeltaTypes.fromDelta(snapshot.getSchema()), files,
                rowCount, info);
    }

    private void forEachScanFile(Snapshot snapshot, Consumer<AddFile> consumer) {
        try (CloseableIterator<FilteredColumnarBatch> batches =
                snapshot.getScanBuilder().build().getScanFiles(engine, true)) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                    while (rows.hasNext()) {
                        consumer.accept(new AddFile(rows.next().getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of table " + root, e);
        }
    }

    /** Files that a snapshot still worth keeping lists: the current one, and every one current after {@code cutoff}. */
    private Set<String> referencedFiles(long cutoff) {
        Optional<Snapshot> latest = latest();
        if (latest.isEmpty()) {
            return Set.of();
        }
        Set<String> referenced = new HashSet<>();
        forEachScanFile(latest.get(), add -> referenced.add(decode(add.getPath())));
        forEachCommit(latest.get(), Set.of(DeltaAction.REMOVE), commit -> {
            if (commit.timestamp() >= cutoff) {
                referenced.addAll(commit.removedPaths());
            }
        });
        return referenced;
    }

    private void forEachCommit(Snapshot latest, Set<DeltaAction> actions, Consumer<Commit> consumer) {
        long earliest = earliestVersion().orElse(0L);
        var range = TableManager.loadCommitRange(tablePath, CommitBoundary.atVersion(earliest))
                .withEndBoundary(CommitBoundary.atVersion(latest.getVersion()))
                .build(engine);
        Set<DeltaAction> read = new HashSet<>(actions);
        read.add(DeltaAction.COMMITINFO);
        try (CloseableIterator<CommitActions> commits = range.getCommitActions(engine, read)) {
            while (commits.hasNext()) {
                CommitActions commit = commits.next();
                try {
                    consumer.accept(readCommit(commit));
                } finally {
                    close(commit);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of table " + root, e);
        }
    }

    private static void close(CommitActions commit) {
        try {
            commit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("cannot close the actions of commit {}", commit.getVersion(), e);
        }
    }

    private Commit readCommit(CommitActions commit) throws IOException {
        Commit result = new Commit(commit.getVersion(), commit.getTimestamp());
        try (CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
            while (batches.hasNext()) {
                ColumnarBatch batch = batches.next();
                StructType schema = batch.getSchema();
                int add = schema.indexOf(DeltaAction.ADD.colName);
                int remove = schema.indexOf(DeltaAction.REMOVE.colName);
                int commitInfo = schema.indexOf(DeltaAction.COMMITINFO.colName);
                int domain = schema.indexOf(DeltaAction.DOMAINMETADATA.colName);
                try (CloseableIterator<Row> rows = batch.getRows()) {
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        if (add >= 0 && !row.isNullAt(add)) {
                            Row action = row.getStruct(add);
                            result.addedFiles++;
                            result.addedRows += stringField(action, "stats")
                                    .flatMap(DataFileStatistics::getNumRecords).orElse(0L);
                        }
                        if (remove >= 0 && !row.isNullAt(remove)) {
                            result.removedPaths.add(decode(stringField(row.getStruct(remove), "path").orElseThrow()));
                        }
                        if (commitInfo >= 0 && !row.isNullAt(commitInfo)) {
                            stringField(row.getStruct(commitInfo), "operation").ifPresent(op -> result.operation = op);
                        }
                        if (domain >= 0 && !row.isNullAt(domain)) {
                            Row action = row.getStruct(domain);
                            if (stringField(action, "domain").filter(COMMIT_INFO_DOMAIN::equals).isPresent()) {
                                result.info = stringField(action, "configuration").map(DeltaProductTable::fromJson)
                                        .orElse(Map.of());
                            }
                        }
                    }
                }
            }
        }
        return result;
    }

    private static Optional<String> stringField(Row struct, String name) {
        int index = struct.getSchema().indexOf(name);
        return index < 0 || struct.isNullAt(index) ? Optional.empty() : Optional.of(struct.getString(index));
    }

    /** The version of the newest commit file in the log, by listing it (no replay). */
    private Optional<Long> newestVersion() {
        if (!Files.isDirectory(root.resolve(LOG_DIRECTORY))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(root.resolve(LOG_DIRECTORY))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> COMMIT_FILE.matcher(name).matches())
                    .map(name -> Long.parseLong(name.substring(0, 20)))
                    .max(Long::compare);
        } catch (IOException e) {
            return Optional.empty(); // the table's own read reports what is wrong with it
        }
    }

    private Optional<Long> earliestVersion() {
        try (Stream<Path> files = Files.list(root.resolve(LOG_DIRECTORY))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> COMMIT_FILE.matcher(name).matches())
                    .map(name -> Long.parseLong(name.substring(0, 20)))
                    .min(Long::compare);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the log of table " + root, e);
        }
    }

    /** Removes a directory a writer left empty; a young one may be a writer's that has not written yet. */
    private static void deleteIfEmptyAndOld(Path directory, long cutoff) throws IOException {
        if (Files.getLastModifiedTime(directory).toMillis() >= cutoff) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        }
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("a writer put a file into {} while vacuum removed it", directory);
        }
    }

    /** A path as Delta stores it (a URI reference, relative to the root or absolute) to one relative to the root. */
    private String decode(String deltaPath) {
        try {
            URI uri = new URI(deltaPath);
            return uri.isAbsolute() ? relative(Paths.get(uri)) : uri.getPath();
        } catch (URISyntaxException e) {
            return deltaPath;
        }
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private CommitConflictException conflict(long expected, long actual) {
        return new CommitConflictException(String.format(Locale.ROOT,
                "table %s is at version %s, the commit expected %s; re-read the table and retry",
                root, actual < 0 ? "none (it does not exist)" : Long.toString(actual),
                expected < 0 ? "a new table" : "version " + expected));
    }

    private NoSuchSnapshotException noSuchSnapshot(String what, Throwable cause) {
        return new NoSuchSnapshotException("table " + root + " has no " + what, cause);
    }

    private static String toJson(Map<String, String> info) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(info));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize commit info", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            LOG.warn("ignoring unreadable Meshwork commit info {}", json, e);
            return Map.of();
        }
    }

    private static <T> CloseableIterator<T> toCloseableIterator(List<T> items) {
        Iterator<T> iterator = items.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return iterator.hasNext();
            }

            @Override
            public T next() {
                return iterator.next();
            }

            @Override
            public void close() {
            }
        };
    }

    /** What one commit of the log did. */
    private static final class Commit {
        private final long version;
        private final long timestamp;
        private String operation = "UNKNOWN";
        private long addedFiles;
        private long addedRows;
        private final List<String> removedPaths = new ArrayList<>();
        private Map<String, String> info = Map.of();

        Commit(long version, long timestamp) {
            this.version = version;
            this.timestamp = timestamp;
        }

        long timestamp() {
            return timestamp;
        }

        List<String> removedPaths() {
            return removedPaths;
        }

        SnapshotInfo toInfo() {
            return new SnapshotInfo(version, Instant.ofEpochMilli(timestamp), operation, addedFiles,
                    removedPaths.size(), addedRows, info);
        }
    }
}
