package org.meshwork.platform.serving;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.policy.PolicyViolationException;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;
import org.meshwork.api.engine.GovernedQueryEngine;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.Ordering;
import org.meshwork.api.engine.ProductRead;
import org.meshwork.api.engine.ResultCursor;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.encryption.DataFileCipher;
import org.meshwork.platform.encryption.PlaintextArea;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.workspace.EngineSettings;
import org.meshwork.platform.workspace.ServingSettings;

/**
 * The governed read path. For every read: take one of the principal's query slots, ask the access controller what
 * the principal may read of each product, pick the snapshot (current, by version, by time, or the cursor's), open an
 * engine session in which only the governed views of those products exist, start the query with the timeout armed,
 * and hand back a stream that writes the rows as the engine produces them. When the read ends, one audit event per
 * product read is appended with the version, columns, filters, rows returned, purpose and client address; refused
 * reads are audited as {@code denied}, failed ones as {@code failed}. No byte of a result leaves before its read is
 * in the audit log: a result too large to hold until then is preceded by a {@code started} event
 * ({@link GovernedResultStream}).
 */
public final class GovernedDataService implements DataService, AutoCloseable {

    private final ProductRepository products;
    private final ProductTables tables;
    private final GovernedQueryEngine engine;
    private final AccessController access;
    private final AuditLog audit;
    private final ServingSettings settings;
    private final EngineSettings engineSettings;
    private final Supplier<String> salt;
    private final Clock clock;
    private final QueryLimiter limiter;
    private final ScheduledExecutorService timer;
    private final DataFileCipher cipher;

    /**
     * @param cipher decrypts the files of encrypted products into a staging area that lives as long as the read's
     *     session
     */
    public GovernedDataService(ProductRepository products, ProductTables tables, GovernedQueryEngine engine,
            AccessController access, AuditLog audit, ServingSettings settings, EngineSettings engineSettings,
            Supplier<String> salt, Clock clock, DataFileCipher cipher) {
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.products = requireNonNull(products, "products is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.engineSettings = requireNonNull(engineSettings, "engineSettings is null");
        this.salt = requireNonNull(salt, "salt is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.limiter = new QueryLimiter(settings.maxConcurrentQueriesPerUser());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "meshwork-query-timeout");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public ResultStream read(Principal principal, ProductId product, DataRequest request, RequestContext context) {
        requireNonNull(principal, "principal is null");
        requireNonNull(product, "product is null");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("filter", request.filters().stream().map(DataRequestParser::render).collect(Collectors.joining("&")));
        context.purpose().ifPresent(purpose -> details.put("purpose", purpose));
        PlaintextArea area = cipher.area("read");
        Runnable release = released(limiter.acquire(principal.name()), area);
        try {
            ReadDecision decision = authorize(principal, product, context, "read", details);
            details.put("basis", decision.basis());
            decision.purpose().ifPresent(purpose -> details.put("purpose", purpose));
            ProductDefinition definition = products.find(product).orElseThrow(() -> new NoSuchProductException(product))
                    .definition();
            ProductTable table = tables.open(definition);
            long offset = request.offset();
            Snapshot snapshot;
            if (request.cursor().isPresent()) {
                PageCursor cursor = PageCursor.decode(request.cursor().get());
                snapshot = table.version(cursor.version());
                offset = cursor.offset();
            } else if (request.version().isPresent()) {
                snapshot = table.version(request.version().getAsLong());
            } else if (request.asOf().isPresent()) {
                snapshot = table.asOf(request.asOf().get());
            } else {
                snapshot = table.current().orElseThrow(() -> new MeshException(ErrorCode.NO_SUCH_VERSION,
                        product + " has not published any data yet"));
            }
            long limit = request.limit().orElse(settings.rowLimit());
            InvalidArgumentException.check(limit <= settings.rowLimit(),
                    "limit: %d is more than the row limit of this workspace (%d); page with cursor instead", limit,
                    settings.rowLimit());
            details.put("version", Long.toString(snapshot.version()));
            details.put("offset", Long.toString(offset));
            details.put("limit", Long.toString(limit));
            GovernedView view = new GovernedView(product, area.plaintext(product, table.location(), snapshot.files()),
                    snapshot.schema(), decision);
            List<Ordering> order = request.order().stream()
                    .map(key -> new Ordering(key.column(), key.descending(), key.nullsFirst())).toList();
            ProductRead exact = new ProductRead(product, request.select(), request.filters(), order, limit, offset);
            // one row more than asked for tells whether another page follows
            ProductRead probe = new ProductRead(product, request.select(), request.filters(), order, limit + 1, offset);
            long version = snapshot.version();
            long pageStart = offset;
            return open(principal, List.of(view), context, "read", details, release, area, limit,
                    session -> session.read(probe), session -> session.exportParquet(exact),
                    rows -> Optional.of(new PageCursor(version, pageStart + rows).encode()), version);
        } catch (RuntimeException e) {
            release.run();
            if (!(e instanceof ForbiddenException) && !(e instanceof AuditedException)) {
                append(principal, "read", Optional.of(product), outcome(e), withError(details, e), context);
            }
            throw unwrap(e);
        }
    }

    @Override
    public ResultStream query(Principal principal, String sql, RequestContext context) {
        requireNonNull(principal, "principal is null");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sql", sql == null ? "" : sql);
        context.purpose().ifPresent(purpose -> details.put("purpose", purpose));
        PlaintextArea area = cipher.area("read");
        Runnable release = released(limiter.acquire(principal.name()), area);
        List<ProductId> named = List.of();
        try {
            Set<ProductId> referenced = engine.productsOf(sql);
            named = List.copyOf(referenced);
            details.put("products", named.stream().map(ProductId::toString).collect(Collectors.joining(",")));
            List<GovernedView> views = new ArrayList<>();
            List<String> bases = new ArrayList<>();
            List<String> versions = new ArrayList<>();
            for (ProductId product : named) {
                ReadDecision decision = authorize(principal, product, context, "query", details);
                bases.add(product + ": " + decision.basis());
                ProductDefinition definition = products.find(product)
                        .orElseThrow(() -> new NoSuchProductException(product)).definition();
                ProductTable table = tables.open(definition);
                Snapshot snapshot = table.current().orElseThrow(() -> new MeshException(ErrorCode.NO_SUCH_VERSION,
                        product + " has not published any data yet"));
                versions.add(product + "@" + snapshot.version());
                views.add(new GovernedView(product, area.plaintext(product, table.location(), snapshot.files()),
                    snapshot.schema(), decision));
            }
            details.put("basis", String.join("; ", bases));
            details.put("versions", String.join(",", versions));
            long limit = settings.rowLimit();
            return open(principal, views, context, "query", details, release, area, limit,
                    session -> session.query(sql, limit + 1), session -> session.exportParquet(sql, limit),
                    rows -> Optional.empty(), -1);
        } catch (RuntimeException e) {
            release.run();
            if (!(e instanceof ForbiddenException) && !(e instanceof AuditedException)) {
                if (named.isEmpty()) {
                    append(principal, "query", Optional.empty(), outcome(e), withError(details, e), context);
                } else {
                    for (ProductId product : named) {
                        append(principal, "query", Optional.of(product), outcome(e), withError(details, e), context);
                    }
                }
            }
            throw unwrap(e);
        }
    }

    /** Asks the access controller; a refusal is audited as {@code denied} and passed on. */
    private ReadDecision authorize(Principal principal, ProductId product, RequestContext context, String action,
            Map<String, String> details) {
        try {
            return access.authorizeRead(principal, product, context.purpose());
        } catch (ForbiddenException | NoSuchProductException | PolicyViolationException e) {
            append(principal, action, Optional.of(product), "denied", withError(details, e), context);
            throw new AuditedException(e);
        }
    }

    private ResultStream open(Principal principal, List<GovernedView> views, RequestContext context, String action,
            Map<String, String> details, Runnable release, PlaintextArea area, long limit,
            java.util.function.Function<GovernedSession, ResultCursor> query,
            java.util.function.Function<GovernedSession, org.meshwork.api.engine.ExportedFile> export,
            java.util.function.LongFunction<Optional<String>> nextCursor, long version) {
        // views over decrypted files live only as long as this read's staging area: such a session is never pooled
        GovernedSession session = area.staged()
                ? engine.openGovernedOnce(sessionOptions(area), salt.get(), views)
                : engine.openGoverned(sessionOptions(area), salt.get(), views);
        GovernedResultStream.Timeout timeout = new GovernedResultStream.Timeout(settings.queryTimeout());
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            timeout.fire();
            session.cancel();
        }, settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            ResultCursor cursor = query.apply(session);
            Map<ProductId, ReadDecision> decisions = new LinkedHashMap<>();
            views.forEach(view -> decisions.put(view.product(), view.decision()));
            GovernedResultStream.Completion audited = new GovernedResultStream.Completion() {
                @Override
                public void started(List<ResultColumn> columns) {
                    appendEach(principal, action, decisions, "started", entry(details, decisions, OptionalLong.empty(),
                            columns), context);
                }

                @Override
                public void done(long rows, List<ResultColumn> columns, Optional<RuntimeException> failure) {
                    alarm.cancel(false);
                    release.run();
                    Map<String, String> done = entry(details, decisions, OptionalLong.of(rows), columns);
                    failure.ifPresent(e -> done.put("error", e.getMessage() == null ? e.toString() : e.getMessage()));
                    appendEach(principal, action, decisions, failure.map(GovernedDataService::outcome).orElse("allowed"),
                            done, context);
                }
            };
            return new GovernedResultStream(session, cursor, () -> export.apply(session), limit, nextCursor,
                    version < 0 ? OptionalLong.empty() : OptionalLong.of(version), timeout, audited);
        } catch (RuntimeException e) {
            alarm.cancel(false);
            session.close();
            throw timeout.translate(e);
        }
    }

    /** The details of a read's entry: the request's, then the rows (when known), columns, masks and row filters. */
    private static Map<String, String> entry(Map<String, String> details, Map<ProductId, ReadDecision> decisions,
            OptionalLong rows, List<ResultColumn> columns) {
        Map<String, String> entry = new LinkedHashMap<>(details);
        rows.ifPresent(count -> entry.put("rows", Long.toString(count)));
        entry.put("columns", columns.stream().map(ResultColumn::name).collect(Collectors.joining(",")));
        String masked = decisions.values().stream().flatMap(d -> d.columns().stream())
                .filter(ColumnAccess::isMasked)
                .map(c -> c.name() + ":" + c.mask().get().label()).distinct()
                .collect(Collectors.joining(","));
        if (!masked.isEmpty()) {
            entry.put("masked", masked);
        }
        String rowFilter = decisions.values().stream().flatMap(d -> d.rowFilter().stream())
                .map(DataRequestParser::render).collect(Collectors.joining("&"));
        if (!rowFilter.isEmpty()) {
            entry.put("row_filter", rowFilter);
        }
        return entry;
    }

    /** One entry per product read; a query that named no product gets one without. */
    private void appendEach(Principal principal, String action, Map<ProductId, ReadDecision> decisions, String outcome,
            Map<String, String> details, RequestContext context) {
        if (decisions.isEmpty()) {
            append(principal, action, Optional.empty(), outcome, details, context);
        }
        for (ProductId product : decisions.keySet()) {
            append(principal, action, Optional.of(product), outcome, details, context);
        }
    }

    /** A session over decrypted files spills into their staging area, never to the disk. */
    private SessionOptions sessionOptions(PlaintextArea area) {
        return new SessionOptions("read-" + UUID.randomUUID(), Optional.of(engineSettings.memoryLimit()),
                OptionalInt.of(engineSettings.threads()),
                Optional.of(area.staged() ? area.directory() : engineSettings.tempDirectory()), List.of());
    }

    /** The end of a read: its query slot is freed and its decrypted files are deleted. */
    private static Runnable released(Runnable slot, PlaintextArea area) {
        return () -> {
            try {
                area.close();
            } finally {
                slot.run();
            }
        };
    }

    private void append(Principal principal, String action, Optional<ProductId> product, String outcome,
            Map<String, String> details, RequestContext context) {
        audit.append(new AuditEvent(clock.instant(), principal.name(), action, product, outcome, details,
                context.clientAddress()).authenticated(principal.authentication()));
    }

    private static Map<String, String> withError(Map<String, String> details, Throwable e) {
        Map<String, String> copy = new LinkedHashMap<>(details);
        Throwable cause = e instanceof AuditedException ? e.getCause() : e;
        copy.put("error", cause.getMessage() == null ? cause.toString() : cause.getMessage());
        return copy;
    }

    static String outcome(Throwable e) {
        Throwable cause = e instanceof AuditedException ? e.getCause() : e;
        if (cause instanceof ForbiddenException || cause instanceof NoSuchProductException
                || cause instanceof InvalidArgumentException || cause instanceof PolicyViolationException) {
            return "denied";
        }
        return "failed";
    }

    private static RuntimeException unwrap(RuntimeException e) {
        return e instanceof AuditedException audited ? (RuntimeException) audited.getCause() : e;
    }

    /** A refusal already written to the audit log, on its way out. */
    private static final class AuditedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AuditedException(RuntimeException cause) {
            super(cause);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
