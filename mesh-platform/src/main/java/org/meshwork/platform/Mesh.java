package org.meshwork.platform;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.crypto.ProductKeyStore;
import org.meshwork.platform.encryption.DataFileCipher;
import org.meshwork.platform.encryption.DataKeys;
import org.meshwork.platform.encryption.StorageFacts;
import java.util.Set;
import java.util.TreeMap;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.Engines;
import org.meshwork.api.store.GovernanceStores;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.engine.duckdb.DuckDbEngine;
import org.meshwork.engine.duckdb.GovernedSessionPool;
import org.meshwork.governance.audit.GroupCommitAuditLog;
import org.meshwork.governance.access.AccessWorkflow;
import org.meshwork.governance.access.MeshAccessController;
import org.meshwork.governance.identity.BearerAuthenticator;
import org.meshwork.governance.identity.Directory;
import org.meshwork.governance.identity.OidcAuthenticator;
import org.meshwork.governance.identity.TokenAuthenticator;
import org.meshwork.governance.identity.TokenIssuer;
import org.meshwork.platform.access.AccessService;
import org.meshwork.platform.access.AlertAccessListener;
import org.meshwork.platform.access.RepositoryProductCatalog;
import org.meshwork.platform.alert.AlertDispatcher;
import org.meshwork.platform.alert.AlertPublisher;
import org.meshwork.platform.alert.RunAlerts;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.governance.policy.CelPolicyEngine;
import org.meshwork.platform.apply.ApplyPlanner;
import org.meshwork.platform.apply.Installation;
import org.meshwork.platform.policy.PolicyService;
import org.meshwork.platform.retention.RetentionJob;
import org.meshwork.platform.retention.RetentionResult;
import org.meshwork.store.jdbc.JdbcMetadataStore;
import org.meshwork.platform.apply.ChangeAuthorizer;
import org.meshwork.platform.pipeline.PipelineRunner;
import org.meshwork.platform.pipeline.ProductPreview;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.run.RunDeclaration;
import org.meshwork.platform.run.RunService;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.schedule.RepositoryScheduleSource;
import org.meshwork.platform.schedule.Scheduler;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.platform.workspace.InvalidConfigurationException;
import org.meshwork.platform.workspace.MetadataStoreSettings;
import org.meshwork.store.postgres.PostgresMetadataStore;
import org.meshwork.platform.workspace.WorkspaceConfig;
import org.meshwork.platform.serving.DataService;
import org.meshwork.platform.serving.GovernedDataService;
import org.meshwork.platform.serving.MaskSalt;
import org.meshwork.platform.workspace.LineageSettings;
import org.meshwork.platform.catalog.CatalogService;
import org.meshwork.platform.catalog.OpenLineageEmitter;
import org.meshwork.platform.pipeline.RunListener;
import org.meshwork.api.catalog.SearchIndex;
import org.meshwork.api.lineage.LineageStore;
import org.meshwork.catalog.lineage.MemoryLineageStore;
import org.meshwork.catalog.search.LuceneSearchIndex;
import org.meshwork.engine.duckdb.lineage.DuckDbSqlLineageAnalyzer;
import java.util.function.Predicate;
import org.meshwork.store.sqlite.SqliteMetadataStore;
import org.meshwork.table.delta.DeltaTableFormat;

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
    /** Every run, manual or scheduled, authorised and audited once: the only caller of {@link #runner}. */
    private final RunService runs;
    private final ProductPreview preview;
    private final AlertDispatcher alerts;
    private final Clock clock;
    private final Directory directory;
    private final AccessStore accessStore;
    private final AuditTrail auditTrail;
    private final MeshAccessController accessController;
    /** {@link #accessController} behind the access-stage policies: what every data read is decided by. */
    private final AccessController gatedAccess;
    private final BearerAuthenticator authenticator;
    private final AccessService access;
    private final GovernedDataService data;
    /** The read path's engine: locked-down DuckDB databases reused for identical decisions and snapshots. */
    private final GovernedSessionPool sessionPool;
    /** The audit trail for reads: concurrent reads' entries committed together, each read waiting for its own. */
    private final GroupCommitAuditLog readAudit;
    private final PolicyService policies;
    private final RetentionJob retention;
    private final SearchIndex searchIndex;
    private final OpenLineageEmitter openLineage;
    private final CatalogService catalog;
    private final DataFileCipher cipher;

    Mesh(Workspace workspace, MetadataStore store, PolicyComplianceStore compliance, Clock clock,
            Map<String, String> environment) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.parser = new DescriptorParser();
        this.products = new ProductRepository(store, parser);
        this.policies = new PolicyService(store, parser, new CelPolicyEngine(), compliance,
                workspace.config().environment(), clock);
        this.cipher = new DataFileCipher(new DataKeys(productKeys(store), workspace.config().encryption(), environment,
                clock), workspace.config().encryption());
        this.authorizer = new ChangeAuthorizer(workspace.config());
        DuckDbEngine duckdb = new DuckDbEngine();
        Engines engines = Engines.of(List.of(duckdb));
        this.tables = new ProductTables(workspace, DeltaTableFormat::new);
        this.planner = new ApplyPlanner(store, parser, workspace, policies,
                new Installation(engines, tables.formats(), workspace.config().engine().threads()));
        this.alerts = AlertDispatcher.create(workspace.config().notifications());
        LineageStore lineageStore = store instanceof JdbcMetadataStore
                ? ((JdbcMetadataStore) store).lineageStore() : new MemoryLineageStore();
        this.searchIndex = LuceneSearchIndex.open(workspace.home().resolve(CatalogService.INDEX_DIRECTORY));
        LineageSettings lineage = workspace.config().lineage();
        this.openLineage = new OpenLineageEmitter(lineage,
                OpenLineageEmitter.sink(lineage, workspace.home(), environment, clock), products, tables, clock);
        this.catalog = new CatalogService(products, store, lineageStore, new DuckDbSqlLineageAnalyzer(), searchIndex,
                openLineage, workspace.home(), clock);
        this.runner = new PipelineRunner(products, store, engines, tables, workspace.config().engine(),
                workspace.home().resolve(LOCK_DIRECTORY), environment, clock,
                RunListener.all(List.of(new RunAlerts(alerts), catalog)), policies, cipher);
        this.preview = new ProductPreview(duckdb, tables, cipher);
        GovernanceStores governance = governance(store);
        this.accessStore = governance.accessStore();
        this.auditTrail = governance.auditTrail();
        this.directory = directory(workspace.config());
        this.accessController = new MeshAccessController(new RepositoryProductCatalog(products), accessStore,
                workspace.config().environment(), clock);
        this.gatedAccess = new org.meshwork.platform.policy.PolicyGatedAccessController(accessController,
                (principal, id, facts) -> policies.accessViolations(principal, products.get(id), facts));
        this.authenticator = new BearerAuthenticator(new TokenAuthenticator(accessStore, () -> directory, clock),
                workspace.config().identity().oidc().map(oidc -> OidcAuthenticator.overHttp(oidc, () -> directory, clock)));
        this.runs = new RunService(runner::run, id -> RunDeclaration.of(products.get(id)), accessController, auditTrail,
                clock);
        AccessWorkflow workflow = new AccessWorkflow(new RepositoryProductCatalog(products), accessStore,
                accessController, directory, auditTrail, new AlertAccessListener(alerts, products), clock);
        this.access = new AccessService(new TokenIssuer(accessStore, directory, clock), workflow, auditTrail, clock);
        this.sessionPool = new GovernedSessionPool(workspace.config().serving().sessionPoolSize(),
                workspace.config().serving().sessionIdleTimeout());
        this.readAudit = new GroupCommitAuditLog(auditTrail);
        this.data = new GovernedDataService(products, tables, sessionPool, gatedAccess, readAudit,
                workspace.config().serving(), workspace.config().engine(), new java.util.function.Supplier<>() {
                    private String salt;

                    @Override
                    public synchronized String get() {
                        if (salt == null) {
                            salt = MaskSalt.load(workspace.home());
                        }
                        return salt;
                    }
                }, clock, cipher);
        StorageFacts storageFacts = new StorageFacts(tables, cipher.keys());
        policies.storageFacts(product -> storageFacts.current(product.definition()));
        this.retention = new RetentionJob(products, tables, duckdb, workspace.config().engine(),
                workspace.home().resolve(LOCK_DIRECTORY), clock, cipher);
    }

    /** The wrapped data keys live in the metadata store's database; a store that keeps none cannot hold encrypted products. */
    private static Optional<ProductKeyStore> productKeys(MetadataStore store) {
        return store instanceof JdbcMetadataStore ? Optional.of(((JdbcMetadataStore) store).productKeys())
                : Optional.empty();
    }

    /** The workspace's principals: teams and members, platform admins, auditors, service accounts, the default user. */
    static Directory directory(WorkspaceConfig config) {
        return new Directory(config.teams(), config.platformAdmins(), config.auditors(), config.serviceAccounts(),
                Set.of(config.defaultUser()));
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
        MetadataStore store = openStore(workspace, environment);
        return new Mesh(workspace, store, governance(store).policyCompliance(), Clock.systemUTC(), environment);
    }

    /** The metadata store {@code mesh.yaml} names: the workspace's SQLite file by default, or a PostgreSQL database. */
    static MetadataStore openStore(Workspace workspace, Map<String, String> environment) {
        MetadataStoreSettings settings = workspace.config().metadataStore();
        if (settings.type() == MetadataStoreSettings.Type.SQLITE) {
            return SqliteMetadataStore.open(workspace.metadataFile());
        }
        String user = "";
        String password = "";
        if (settings.credentialsEnv().isPresent()) {
            String variable = settings.credentialsEnv().get();
            String credentials = environment.get(variable);
            if (credentials == null || credentials.isEmpty()) {
                throw new InvalidConfigurationException(workspace.home().resolve(Workspace.CONFIG_FILE) + ": metadata_store.credentials_env names "
                        + "the environment variable " + variable + ", which is not set; set it to user:password");
            }
            int colon = credentials.indexOf(':');
            user = colon < 0 ? credentials : credentials.substring(0, colon);
            password = colon < 0 ? "" : credentials.substring(colon + 1);
        }
        return PostgresMetadataStore.open(settings.url().orElseThrow(), user, password);
    }

    /** For tests: a workspace over a JDBC store (whose database also keeps policy compliance), with a controllable clock. */
    public static Mesh open(Workspace workspace, MetadataStore store, Clock clock) {
        return new Mesh(workspace, store, governance(store).policyCompliance(), clock, Map.of());
    }

    /** The access, audit and compliance tables kept in the metadata store's own database. */
    private static GovernanceStores governance(MetadataStore store) {
        if (!(store instanceof GovernanceStores governance)) {
            throw new IllegalArgumentException("the metadata store " + store + " keeps no grants, tokens, audit log or"
                    + " policy compliance: it must implement GovernanceStores");
        }
        return governance;
    }

    /** For tests: a workspace over any stores, with a controllable clock. */
    public static Mesh open(Workspace workspace, MetadataStore store, PolicyComplianceStore compliance, Clock clock) {
        return new Mesh(workspace, store, compliance, clock, Map.of());
    }

    public Workspace workspace() {
        return workspace;
    }

    public MetadataStore store() {
        return store;
    }

    /**
     * A scope for one request on the calling thread: the metadata store reads its revision once for the whole request
     * instead of once per cached lookup (see docs/serving.md). Security state read in the scope is the store's as of the
     * request's first lookup or newer; changes by others apply from the next request. Close it when the request ends.
     */
    public ReadScope readScope() {
        if (store instanceof JdbcMetadataStore jdbc) {
            JdbcMetadataStore.RevisionPin pin = jdbc.pinRevision();
            return pin::close;
        }
        return () -> {};
    }

    /** The scope of {@link #readScope()}. */
    @FunctionalInterface
    public interface ReadScope extends AutoCloseable {
        @Override
        void close();
    }

    public ProductRepository products() {
        return products;
    }

    /** The principal a user name stands for in this workspace (teams and roles from {@code mesh.yaml}). */
    public Principal principal(UserName user) {
        return directory.principal(user);
    }

    public Directory directory() {
        return directory;
    }

    /**
     * Decides every data read and control action: grants and classification (mesh-governance), then, for reads, the
     * {@code access}-stage policies (a failing required one refuses the read with a policy violation).
     */
    public AccessController accessController() {
        return gatedAccess;
    }

    /** Checks bearer credentials: the tokens of {@code mesh token create} and the JWTs of {@code identity.oidc}. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** Tokens, grants, access requests and the audit log, for the CLI and the server. */
    public AccessService access() {
        return access;
    }

    /** The audit log: the read path appends every data read here. */
    public AuditTrail auditLog() {
        return auditTrail;
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
        ApplyPlan plan;
        try {
            plan = planner.plan(paths, actor);
        } catch (ForbiddenException e) {
            audit(actor, "apply", Optional.empty(), "denied", Map.of("reason", e.getMessage()));
            throw e;
        }
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
        List<StoredResource> stored = planner.commit(plan, actor, clock.instant());
        catalog.applied(stored);
        for (StoredResource resource : stored) {
            ResourceKind kind = resource.key().kind();
            boolean policy = kind == ResourceKind.GLOBAL_POLICY || kind == ResourceKind.DOMAIN_POLICY;
            Map<String, String> details = new LinkedHashMap<>();
            details.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
            details.put("name", resource.key().name());
            details.put("version", Long.toString(resource.version()));
            details.put("content_hash", resource.contentHash());
            audit(actor, policy ? ControlAction.POLICY_CHANGE.label() : ControlAction.APPLY.label(),
                    kind == ResourceKind.PRODUCT ? Optional.of(ProductId.parse(resource.key().name())) : Optional.empty(),
                    "allowed", details);
        }
        return stored;
    }

    private void audit(UserName actor, String action, Optional<ProductId> product, String outcome,
            Map<String, String> details) {
        auditTrail.append(new AuditEvent(clock.instant(), actor, action, product, outcome, details, Optional.empty()));
    }

    /**
     * The catalog: search, lineage, the domain map and generated docs. Its index and stored lineage follow every
     * apply and run of this mesh.
     */
    public CatalogService catalog() {
        return catalog;
    }

    /**
     * Who may find a product in embedded mode: the access controller's answer for the acting user (a product that is
     * not {@code discoverable} only for those who may read it), the same rule the server applies.
     */
    public Predicate<ProductId> mayDiscover(UserName actor) {
        Principal principal = principal(actor);
        return id -> accessController.canDiscover(principal, id);
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
        return runs.run(principal(actor), id, RunCause.manual(), progress);
    }

    /** The run use case: every run's authorisation and audit, whoever or whatever triggers it. */
    public RunService runs() {
        return runs;
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

    /**
     * A scheduler over this workspace's products, running them through {@link #runs()} as the platform's scheduler
     * identity, so each scheduled, downstream and retried run is authorised and audited like {@code mesh run}. Not
     * started: call {@link Scheduler#start()} (or {@link Scheduler#runDue} for one pass), and close it before this mesh.
     */
    public Scheduler scheduler(int threads) {
        return new Scheduler(new RepositoryScheduleSource(products), runs.asScheduler(), store, clock, threads);
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Federated governance: the stored policies, their evaluation at the apply, run and access gates, reports,
     * simulation and the continuous evaluation the server runs periodically ({@link #evaluatePolicies()}).
     */
    public PolicyService policies() {
        return policies;
    }

    /**
     * The continuous evaluation: every stored policy for every product over its latest facts, stored as the current
     * compliance status. The server calls it on an interval; returns the verdicts.
     */
    public List<PolicyResult> evaluatePolicies() {
        return policies.evaluateContinuously(products.list());
    }

    /**
     * The access gate, for the access controller: the {@code access}-stage policies that {@code principal} reading
     * {@code id} does not pass. {@code access} describes the read as CEL values (e.g. {@code columns},
     * {@code masked_columns}, {@code purpose}). A {@link org.meshwork.api.policy.PolicyVerdict#FAIL} among the results
     * must deny the read ({@link org.meshwork.api.policy.PolicyViolationException}); the others belong in the audit
     * event.
     */
    public List<PolicyResult> accessPolicyViolations(org.meshwork.api.access.Principal principal, ProductId id,
            Map<String, Object> access) {
        return policies.accessViolations(principal, products.get(id), access);
    }

    /**
     * {@code mesh retention run [ID]}: enforces one product's retention (its owners or platform admins), or every
     * product's (platform admins). The server calls {@link #retentionJob()}{@code .enforceAll()} periodically.
     */
    public List<RetentionResult> enforceRetention(Optional<ProductId> id, UserName actor) {
        if (id.isPresent()) {
            checkOwner(id.get(), actor, "enforce the retention of");
            return List.of(retention.enforce(id.get()));
        }
        if (!workspace.config().isPlatformAdmin(actor)) {
            throw new ForbiddenException("user '" + actor + "' may not enforce the retention of every product: only"
                    + " platform admins may; name one of your products instead");
        }
        return retention.enforceAll();
    }

    /** The retention job, for the server's and the scheduler's periodic pass. */
    public RetentionJob retentionJob() {
        return retention;
    }

    /**
     * {@code mesh policy report}: every applicable policy for every product (of {@code domain}, when given), evaluated
     * now over the latest facts. Records nothing.
     */
    public List<PolicyResult> policyReport(Optional<DomainName> domain) {
        domain.ifPresent(name -> {
            if (products.list(name).isEmpty() && products.domain(name).isEmpty()) {
                throw new org.meshwork.api.NoSuchDomainException(name);
            }
        });
        return policies.report(PolicyService.inDomain(products.list(), domain));
    }

    /**
     * {@code mesh policy simulate}: what the policies in {@code files} (new or changed; not stored, enforced nowhere)
     * would say about every product now.
     */
    public List<PolicyResult> simulatePolicies(List<Path> files) {
        return policies.evaluateAll(policies.compile(policies.parsePolicies(files)), products.list());
    }

    /**
     * Where alerts are raised (runs raise theirs already; the SLA monitor raises breaches and recoveries): delivered
     * to the log, the global webhooks and the product's channel as {@code mesh.yaml}'s {@code notifications} say, on
     * background threads.
     */
    public AlertPublisher alerts() {
        return alerts;
    }

    /**
     * {@code mesh keys status}: every product's data key (wrapped; version, master key fingerprint, times) — never a
     * key. Platform admins and auditors only.
     */
    public List<org.meshwork.api.crypto.ProductKey> keyStatus(UserName actor) {
        if (!workspace.config().isPlatformAdmin(actor) && !workspace.config().auditors().contains(actor)) {
            throw new ForbiddenException("user '" + actor + "' may not list the data keys: only platform admins and"
                    + " auditors may");
        }
        return cipher.keys().keys();
    }

    /**
     * {@code mesh keys rotate}: re-wraps every product's data key from the master key {@code from} to {@code to} in one
     * transaction (platform admins only; audited as {@code keys.rotate}). No data file is read or written. Afterwards
     * the workspace must be configured with {@code to}: {@code from} no longer unwraps anything.
     *
     * @return the re-wrapped keys
     */
    public List<org.meshwork.api.crypto.ProductKey> rotateMasterKey(org.meshwork.platform.encryption.MasterKey from,
            org.meshwork.platform.encryption.MasterKey to, UserName actor) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", from.id());
        details.put("to", to.id());
        if (!workspace.config().isPlatformAdmin(actor)) {
            ForbiddenException denied = new ForbiddenException("user '" + actor + "' may not rotate the master key:"
                    + " only platform admins may");
            details.put("reason", denied.getMessage());
            audit(actor, "keys.rotate", Optional.empty(), "denied", details);
            throw denied;
        }
        try {
            List<org.meshwork.api.crypto.ProductKey> rotated = cipher.keys().rotate(from, to);
            details.put("keys", Integer.toString(rotated.size()));
            audit(actor, "keys.rotate", Optional.empty(), "allowed", details);
            return rotated;
        } catch (RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            audit(actor, "keys.rotate", Optional.empty(), "failed", details);
            throw e;
        }
    }

    /** Encryption at rest: the product data keys and the staging of plaintext. */
    public DataFileCipher encryption() {
        return cipher;
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

    /**
     * The governed read path ({@code mesh get}, {@code mesh query}, the REST data and SQL endpoints): every read is
     * authorised by {@link #accessController()}, runs where only the reader's governed views exist, and is audited.
     */
    public DataService data() {
        return data;
    }

    /** The read path's pool of locked-down engine databases (its size and reuse counts, for diagnostics and tests). */
    public GovernedSessionPool readSessionPool() {
        return sessionPool;
    }

    /** A domain, its declaration if any, and the ids of its products. */
    public record DomainSummary(DomainName name, Optional<DomainDescriptor> declaration, List<ProductId> products) {}

    @Override
    public void close() {
        data.close();
        sessionPool.close();
        readAudit.close();
        runner.close();
        cipher.close();
        alerts.close();
        openLineage.close();
        searchIndex.close();
        store.close();
    }
}
