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
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.StoredResource;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.platform.apply.ApplyPlanner;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.store.sqlite.SqliteMetadataStore;

/**
 * The composition root: builds the platform's parts for one workspace by hand, no container, and is what the CLI and
 * the server talk to.
 */
public final class Mesh implements AutoCloseable {
    /** The environment variable naming the acting user in embedded mode. */
    public static final String USER_ENV = "MESH_USER";

    private final Workspace workspace;
    private final MetadataStore store;
    private final DescriptorParser parser;
    private final ProductRepository products;
    private final ApplyPlanner planner;
    private final Clock clock;

    Mesh(Workspace workspace, MetadataStore store, Clock clock) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.parser = new DescriptorParser();
        this.products = new ProductRepository(store, parser);
        this.planner = new ApplyPlanner(store, parser, workspace);
    }

    /** Opens (creating on first use) the workspace at {@code home} with its SQLite metadata store. */
    public static Mesh open(Path home) {
        Workspace workspace = Workspace.openOrCreate(home);
        return new Mesh(workspace, SqliteMetadataStore.open(workspace.metadataFile()), Clock.systemUTC());
    }

    /** For tests: a workspace over any store, with a controllable clock. */
    public static Mesh open(Workspace workspace, MetadataStore store, Clock clock) {
        return new Mesh(workspace, store, clock);
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
        return planner.commit(plan, actor, clock.instant());
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

    /** A domain, its declaration if any, and the ids of its products. */
    public record DomainSummary(DomainName name, Optional<DomainDescriptor> declaration, List<ProductId> products) {}

    @Override
    public void close() {
        store.close();
    }
}
