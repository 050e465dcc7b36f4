package org.meshwork.platform;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.TeamName;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.Engines;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.engine.duckdb.DuckDbEngine;
import org.meshwork.table.delta.DeltaTableFormat;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.StoredResource;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.platform.alert.AlertDispatcher;
import org.meshwork.platform.alert.AlertPublisher;
import org.meshwork.platform.alert.RunAlerts;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.platform.apply.ApplyPlanner;
import org.meshwork.platform.apply.ChangeAuthorizer;
import org.meshwork.platform.pipeline.PipelineRunner;
import org.meshwork.platform.pipeline.ProductPreview;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.schedule.RepositoryScheduleSource;
import org.meshwork.platform.schedule.Scheduler;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.platform.workspace.LineageSettings;
import org.meshwork.platform.workspace.WorkspaceConfig;
import org.meshwork.platform.catalog.CatalogService;
import org.meshwork.platform.catalog.OpenLineageEmitter;
import org.meshwork.platform.pipeline.RunListener;
import org.meshwork.api.catalog.SearchIndex;
import org.meshwork.api.lineage.LineageStore;
import org.meshwork.catalog.lineage.MemoryLineageStore;
import org.meshwork.catalog.search.LuceneSearchIndex;
import org.meshwork.engine.duckdb.lineage.DuckDbSqlLineageAnalyzer;
import org.meshwork.store.jdbc.JdbcMetadataStore;
import java.util.function.Predicate;
import org.meshwork.store.sqlite.SqliteMetadataStore;

/**
 * The composition root: builds the platform's parts for one workspace by hand, no container, and is what the CLI and
 * the server talk to.
 */
public final class Mesh implements AutoCloseable {
    /** The environment variable naming the acting user in embedded mode. */
    public static final String USER_ENV = "MESH_USER";
    /** Workspace directory of the per-product run locks. */
    public static final String LOCK_DIRECTORY = "locks";

    private final Workspace workspace;
    private final MetadataStore store;
    private final DescriptorParser parser;
    private final ProductRepository products;
    private final ApplyPlanner planner;
    private final ChangeAuthorizer authorizer;
    private final ProductTables tables;
    private final PipelineRunner runner;
    private final ProductPreview preview;
    private final AlertDispatcher alerts;
    private final Clock clock;
    private final SearchIndex searchIndex;
    private final OpenLineageEmitter openLineage;
    private final CatalogService catalog;

    Mesh(Workspace workspace, MetadataStore store, Clock clock, Map<String, String> environment) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.parser = new DescriptorParser();
        this.products = new ProductRepository(store, parser);
        this.planner = new ApplyPlanner(store, parser, workspace);
        this.authorizer = new ChangeAuthorizer(workspace.config());
        Engine duckdb = new DuckDbEngine();
        this.tables = new ProductTables(workspace, DeltaTableFormat::new);
        this.alerts = AlertDispatcher.create(workspace.config().notifications());
        LineageStore lineageStore = store instanceof JdbcMetadataStore
                ? ((JdbcMetadataStore) store).lineageStore() : new MemoryLineageStore();
        this.searchIndex = LuceneSearchIndex.open(workspace.home().resolve(CatalogService.INDEX_DIRECTORY));
        LineageSettings lineage = workspace.config().lineage();
        this.openLineage = new OpenLineageEmitter(lineage,
                OpenLineageEmitter.sink(lineage, workspace.home(), environment, clock), products, tables, clock);
        this.catalog = new CatalogService(products, store, lineageStore, new DuckDbSqlLineageAnalyzer(), searchIndex,
                openLineage, workspace.home(), clock);
        this.runner = new PipelineRunner(products, store, Engines.of(List.of(duckdb)), tables, workspace.config().engine(),
                workspace.home().resolve(LOCK_DIRECTORY), environment, clock,
                RunListener.all(List.of(new RunAlerts(alerts), catalog)));
        this.preview = new ProductPreview(duckdb, tables);
    }

    /** Opens (creating on first use) the workspace at {@code home} with its SQLite metadata store. */
    public static Mesh open(Path home) {
        return open(home, System.getenv());
    }

    /**
     * Opens (creating on first use) the workspace at {@code home}; {@code environment} is where source credentials
     * ({@code credentials_env}) are looked up.
     */
    public static Mesh open(Path home, Map<String, String> environment) {
        Workspace workspace = Workspace.openOrCreate(home);
        return new Mesh(workspace, SqliteMetadataStore.open(workspace.metadataFile()), Clock.systemUTC(), environment);
    }

    /** For tests: a workspace over any store, with a controllable clock. */
    public static Mesh open(Workspace workspace, MetadataStore store, Clock clock) {
        return new Mesh(workspace, store, clock, Map.of());
    }

    public Workspace workspace() {
        return workspace;
    }

    public MetadataStore store() {
        return store;
    }

    public ProductRepository products() {
        return products;
    }

    /**
     * The acting user: {@code --as} if given, else {@code $MESH_USER}, else the workspace's {@code default_user}.
     */
    public UserName actor(Optional<String> explicit, Map<String, String> environment) {
        return explicit.or(() -> Optional.ofNullable(environment.get(USER_ENV)).filter(s -> !s.isBlank()))
                .map(UserName::of)
                .orElse(workspace.config().defaultUser());
    }

    /** Parses and validates descriptor files without touching the store. */
    public ParsedDescriptors validate(List<Path> paths) {
        return parser.parse(paths);
    }

    /** Plans an apply; nothing is written. */
    public ApplyPlan plan(List<Path> paths, UserName actor) {
        return planner.plan(paths, actor);
    }

    /** Plans and commits an apply, all or nothing. */
    public ApplyPlan apply(List<Path> paths, UserName actor) {
        ApplyPlan plan = planner.plan(paths, actor);
        commit(plan, actor);
        return plan;
    }

    /**
     * Commits a plan made earlier.
     *
     * @throws org.meshwork.api.CommitConflictException when a resource of the plan changed since it was planned;
     *     nothing is stored then
     */
    public List<StoredResource> commit(ApplyPlan plan, UserName actor) {
        List<StoredResource> committed = planner.commit(plan, actor, clock.instant());
        catalog.applied(committed);
        return committed;
    }

    /**
     * The catalog: search, lineage, the domain map and generated docs. Its index and stored lineage follow every
     * apply and run of this mesh.
     */
    public CatalogService catalog() {
        return catalog;
    }

    /**
     * Who may find a product that is not {@code discoverable} in embedded mode: platform admins, and members of the
     * product's owner team or of its domain's owner team. (The server decides with its access controller.)
     */
    public Predicate<ProductId> mayDiscover(UserName actor) {
        WorkspaceConfig config = workspace.config();
        return id -> {
            if (config.isPlatformAdmin(actor)) {
                return true;
            }
            Optional<TeamName> domainOwner = products.domain(id.domain()).map(DomainDescriptor::ownerTeam);
            Optional<TeamName> productOwner = products.find(id).flatMap(p -> p.definition().ownerTeam());
            return domainOwner.map(team -> config.isMember(actor, team)).orElse(false)
                    || productOwner.map(team -> config.isMember(actor, team)).orElse(false);
        };
    }

    public List<StoredResource> history(ProductId id) {
        products.get(id);
        return store.history(ResourceKey.product(id));
    }

    /**
     * Every domain: the declared ones, and those that only appear as the namespace of a product (undeclared), each with
     * its products.
     */
    public List<DomainSummary> domains() {
        Map<DomainName, DomainSummary> result = new TreeMap<>();
        for (DomainDescriptor domain : products.domains()) {
            result.put(domain.name(), new DomainSummary(domain.name(), Optional.of(domain), new ArrayList<>()));
        }
        for (VersionedProduct product : products.list()) {
            result.computeIfAbsent(product.id().domain(), name -> new DomainSummary(name, Optional.empty(), new ArrayList<>()))
                    .products().add(product.id());
        }
        return List.copyOf(result.values());
    }

    /**
     * Runs a product's pipeline now, as {@code actor}: members of the owning domain's team and platform admins may.
     *
     * @return the final run record; {@link org.meshwork.api.store.RunStatus} says how it ended
     */
    public RunRecord run(ProductId id, UserName actor, RunProgress progress) {
        checkOwner(id, actor, "run");
        return runner.run(id, RunTrigger.MANUAL, progress);
    }

    /**
     * The quality check results of a product's most recent runs that evaluated checks, newest run first: the latest
     * report and the trend behind it.
     */
    public List<StoredCheckResult> qualityHistory(ProductId id, int runs) {
        products.get(id);
        return store.checkHistory(id, runs);
    }

    /** The most recent runs of a product, newest first. */
    public List<RunRecord> runs(ProductId id, int limit) {
        products.get(id);
        return store.runs(id, limit);
    }

    /** The first rows of a snapshot, for the product's owners (members of the domain's team, platform admins). */
    public ProductPreview.Preview preview(ProductId id, UserName actor, ProductPreview.Selector selector, int limit) {
        checkOwner(id, actor, "preview");
        return preview.read(products.get(id).definition(), selector, limit);
    }

    public PipelineRunner runner() {
        return runner;
    }

    /**
     * A scheduler over this workspace's products, running them through this mesh's pipeline runner. Not started: call
     * {@link Scheduler#start()} (or {@link Scheduler#runDue} for one pass), and close it before this mesh.
     */
    public Scheduler scheduler(int threads) {
        return new Scheduler(new RepositoryScheduleSource(products), runner, store, clock, threads);
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Where alerts are raised (runs raise theirs already; the SLA monitor raises breaches and recoveries): delivered
     * to the log, the global webhooks and the product's channel as {@code mesh.yaml}'s {@code notifications} say, on
     * background threads.
     */
    public AlertPublisher alerts() {
        return alerts;
    }

    public ProductTables tables() {
        return tables;
    }

    private void checkOwner(ProductId id, UserName actor, String action) {
        products.get(id);
        Optional<TeamName> owner = products.domain(id.domain()).map(DomainDescriptor::ownerTeam);
        authorizer.checkDomainChange(actor, id.domain(), owner, "product '" + id + "'")
                .ifPresent(reason -> {
                    throw new ForbiddenException(reason.replace("may not change", "may not " + action));
                });
    }

    /** A domain, its declaration if any, and the ids of its products. */
    public record DomainSummary(DomainName name, Optional<DomainDescriptor> declaration, List<ProductId> products) {}

    @Override
    public void close() {
        runner.close();
        alerts.close();
        openLineage.close();
        searchIndex.close();
        store.close();
    }
}
