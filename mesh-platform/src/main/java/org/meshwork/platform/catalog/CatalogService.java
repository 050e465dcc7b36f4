package org.meshwork.platform.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.meshwork.api.ProductId;
import org.meshwork.api.catalog.CatalogDocument;
import org.meshwork.api.catalog.EntryKind;
import org.meshwork.api.catalog.SearchIndex;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.descriptor.GlossaryTermDescriptor;
import org.meshwork.api.lineage.LineageStore;
import org.meshwork.api.lineage.SqlLineageAnalyzer;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.docs.DocsFormat;
import org.meshwork.catalog.docs.ProductPage;
import org.meshwork.catalog.docs.ProductPageRenderer;
import org.meshwork.catalog.domains.DomainMap;
import org.meshwork.catalog.lineage.ColumnImpact;
import org.meshwork.catalog.lineage.LineageCodec;
import org.meshwork.catalog.lineage.LineageDirection;
import org.meshwork.catalog.lineage.LineageGraph;
import org.meshwork.catalog.lineage.LineageView;
import org.meshwork.catalog.lineage.ProductLineage;
import org.meshwork.catalog.lineage.ProductLineageBuilder;
import org.meshwork.platform.pipeline.RunListener;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.sla.SlaEvaluator;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.platform.sla.SlaReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of one workspace, for the CLI and the server: search (the index is kept current on every apply and run
 * and rebuilt when its generation does not match the metadata store), product and column lineage (stored per
 * descriptor version and per run), the domain map with ownership overlaps, and generated documentation pages.
 * Every answer is a plain record. The index and the stored lineage are derived data: failing to update them never
 * fails an apply or a run — the next reader sees the generation mismatch and rebuilds.
 */
public final class CatalogService implements RunListener {
    /** Workspace directory of the search index. */
    public static final String INDEX_DIRECTORY = "index";
    /** Workspace directory of the generated documentation pages. */
    public static final String DOCS_DIRECTORY = "docs";
    /** The deepest lineage walk asked for. */
    public static final int MAX_DEPTH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

    private final ProductRepository products;
    private final MetadataStore store;
    private final LineageStore lineageStore;
    private final ProductLineageBuilder builder;
    private final SearchIndex index;
    private final SlaMonitor sla;
    private final OpenLineageEmitter openLineage;
    private final Path docsDirectory;
    private final Clock clock;

    public CatalogService(ProductRepository products, MetadataStore store, LineageStore lineageStore,
            SqlLineageAnalyzer analyzer, SearchIndex index, OpenLineageEmitter openLineage, Path home, Clock clock) {
        this.products = requireNonNull(products, "products is null");
        this.store = requireNonNull(store, "store is null");
        this.lineageStore = requireNonNull(lineageStore, "lineageStore is null");
        this.builder = new ProductLineageBuilder(requireNonNull(analyzer, "analyzer is null"));
        this.index = requireNonNull(index, "index is null");
        this.openLineage = requireNonNull(openLineage, "openLineage is null");
        this.docsDirectory = home.resolve(DOCS_DIRECTORY);
        this.clock = requireNonNull(clock, "clock is null");
        this.sla = new SlaMonitor(products, store, clock, new SlaEvaluator());
    }

    public static CatalogProduct catalogProduct(VersionedProduct product) {
        ProductDefinition definition = product.definition();
        return new CatalogProduct(definition.id(), product.version(), definition.product(), definition.infrastructure());
    }

    // ---------------------------------------------------------------- search

    /**
     * Searches domains, products and glossary terms. A product with {@code discoverable: false} is found only when
     * {@code mayDiscover} accepts it.
     */
    public SearchResult search(SearchQuery query, Predicate<ProductId> mayDiscover) {
        ensureFresh();
        return index.search(query, id -> {
            try {
                return mayDiscover.test(ProductId.parse(id));
            } catch (RuntimeException notAProduct) {
                return false;
            }
        });
    }

    /** Rebuilds the index from the metadata store if it is missing or was built from another store state. */
    public void ensureFresh() {
        String generation = generation();
        if (!index.generation().map(generation::equals).orElse(false)) {
            LOG.info("search index is missing or stale; rebuilding it from the metadata store");
            rebuild(generation);
        }
    }

    /** Rebuilds the index (and the stored lineage of current versions) from the metadata store; returns the entries. */
    public int reindex() {
        for (VersionedProduct product : products.list()) {
            lineageStore.recordVersion(product.id(), product.version(),
                    LineageCodec.encode(deriveLineage(product)), clock.instant());
        }
        return rebuild(generation());
    }

    private int rebuild(String generation) {
        List<CatalogDocument> documents = new ArrayList<>();
        for (DomainDescriptor domain : products.domains()) {
            documents.add(domainDocument(domain));
        }
        for (VersionedProduct product : products.list()) {
            documents.add(productDocument(product));
        }
        for (GlossaryTermDescriptor term : products.glossaryTerms()) {
            documents.add(termDocument(term));
        }
        index.replaceAll(documents, generation);
        return documents.size();
    }

    /**
     * A fingerprint of what the index reflects: every domain's and product's current version and every product's latest
     * run (freshness and SLA status change with runs).
     */
    public String generation() {
        TreeSet<String> lines = new TreeSet<>();
        for (StoredResource resource : store.list(ResourceKind.DOMAIN)) {
            lines.add("domain " + resource.key().name() + "@" + resource.version());
        }
        for (StoredResource resource : store.list(ResourceKind.GLOSSARY_TERM)) {
            lines.add("term " + resource.key().name() + "@" + resource.version());
        }
        for (StoredResource resource : store.list(ResourceKind.PRODUCT)) {
            lines.add("product " + resource.key().name() + "@" + resource.version());
            store.runs(ProductId.parse(resource.key().name()), 1).stream().findFirst()
                    .ifPresent(run -> lines.add("run " + resource.key().name() + " " + run.runId() + " "
                            + run.status().label()));
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CatalogDocument domainDocument(DomainDescriptor domain) {
        return new CatalogDocument(EntryKind.DOMAIN, domain.name().value(), domain.displayName().orElse(domain.name().value()),
                domain.name().value(), domain.description(), domain.capabilities(), List.of(),
                List.of(domain.ownerTeam().value()), Optional.of(domain.ownerTeam().value()), Optional.empty(),
                domain.boundedContext().map(List::of).orElse(List.of()), Optional.empty(), Optional.empty(), true);
    }

    private CatalogDocument productDocument(VersionedProduct versioned) {
        CatalogProduct product = catalogProduct(versioned);
        List<String> columns = new ArrayList<>();
        // the product is found by the glossary terms its columns stand for: their names and synonyms rank like
        // glossary terms, their definitions like the description
        java.util.LinkedHashSet<String> glossary = new java.util.LinkedHashSet<>();
        product.entity().ifPresent(glossary::add);
        for (ColumnSpec column : product.schema().columns()) {
            StringBuilder text = new StringBuilder(column.name()).append(column.description().map(d -> ": " + d).orElse(""))
                    .append(column.tags().isEmpty() ? "" : " " + String.join(" ", column.tags()));
            for (String name : column.glossary()) {
                glossary.add(name);
                products.glossaryTerm(name).ifPresent(term -> {
                    glossary.addAll(term.synonyms());
                    text.append(" (").append(term.displayName().orElse(term.name())).append(": ")
                            .append(term.definition()).append(")");
                });
            }
            columns.add(text.toString());
        }
        List<String> owners = new ArrayList<>(product.people());
        product.ownerTeam().ifPresent(owners::add);
        Optional<String> colour = Optional.empty();
        Optional<Instant> published = Optional.empty();
        try {
            SlaReport report = sla.report(versioned.id());
            colour = Optional.of(report.colour().label());
            published = report.lastPublished();
        } catch (RuntimeException e) {
            LOG.warn("SLA of {} could not be evaluated for the catalog: {}", versioned.id(), e.getMessage());
        }
        return new CatalogDocument(EntryKind.PRODUCT, product.id().toString(), product.displayName(),
                product.id().domain().value(), product.description(), product.tags(), columns, owners, product.ownerTeam(),
                Optional.of(product.sensitivity().label()), List.copyOf(glossary), published, colour,
                product.discoverable());
    }

    /** A glossary term as its own catalog entry: found by its name, synonyms and definition. */
    private CatalogDocument termDocument(GlossaryTermDescriptor term) {
        Optional<String> owner = products.domain(term.domain()).map(d -> d.ownerTeam().value());
        return new CatalogDocument(EntryKind.GLOSSARY_TERM, term.name(), term.displayName().orElse(term.name()),
                term.domain().value(), term.definition(), List.of(), List.of(), owner.map(List::of).orElse(List.of()),
                owner, Optional.empty(), term.synonyms(), Optional.empty(), Optional.empty(), true);
    }

    /** After an apply committed: store the lineage of new product versions, update the index, write docs. */
    public void applied(List<StoredResource> committed) {
        try {
            List<CatalogDocument> documents = new ArrayList<>();
            boolean termsChanged = false;
            for (StoredResource resource : committed) {
                if (resource.key().kind() == ResourceKind.PRODUCT) {
                    VersionedProduct product = products.get(ProductId.parse(resource.key().name()));
                    lineageStore.recordVersion(product.id(), product.version(),
                            LineageCodec.encode(deriveLineage(product)), clock.instant());
                    documents.add(productDocument(product));
                    writeDocsIfAsked(product);
                } else if (resource.key().kind() == ResourceKind.GLOSSARY_TERM) {
                    termsChanged = true;
                } else if (resource.key().kind() == ResourceKind.DOMAIN) {
                    products.domains().stream().filter(d -> d.name().value().equals(resource.key().name())).findFirst()
                            .ifPresent(d -> documents.add(domainDocument(d)));
                }
            }
            if (termsChanged) {
                // a term's synonyms and definition are part of every product that links to it
                rebuild(generation());
            } else if (!documents.isEmpty()) {
                index.upsert(documents, generation());
            }
        } catch (RuntimeException e) {
            LOG.warn("the catalog could not take in an apply ({}); it is rebuilt on the next search", e.toString());
        }
    }

    // ---------------------------------------------------------------- run hooks

    /** The product as the run ran it: the definition and descriptor version of the run, not whatever is current now. */
    private static CatalogProduct asRun(RunRecord run, ProductDefinition definition) {
        return new CatalogProduct(definition.id(), run.descriptorVersion(), definition.product(), definition.infrastructure());
    }

    private ProductLineage lineageOfRun(RunRecord run, ProductDefinition definition) {
        return lineageStore.version(run.productId(), run.descriptorVersion()).map(LineageCodec::decode)
                .orElseGet(() -> builder.build(asRun(run, definition), upstream -> products.find(upstream)
                        .map(p -> p.definition().schema().columns().stream().map(ColumnSpec::name).toList())));
    }

    @Override
    public void onRunStarted(RunRecord run, ProductDefinition definition) {
        openLineage.started(run, definition, asRun(run, definition), lineageOfRun(run, definition));
    }

    @Override
    public void onRunFinished(RunRecord run, ProductDefinition definition, List<CheckResult> checks) {
        VersionedProduct product = products.get(run.productId());
        ProductLineage lineage = lineageOfRun(run, definition);
        List<CheckResult> results = store.checkResults(run.runId()).stream().map(StoredCheckResult::result).toList();
        try {
            lineageStore.recordRun(run.runId(), run.productId(), run.descriptorVersion(), LineageCodec.encode(lineage),
                    clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("lineage of run {} not stored: {}", run.runId(), e.getMessage());
        }
        openLineage.finished(run, definition, asRun(run, definition), lineage, results);
        try {
            index.upsert(List.of(productDocument(product)), generation());
            writeDocsIfAsked(product);
        } catch (RuntimeException e) {
            LOG.warn("the catalog could not take in run {} ({}); it is rebuilt on the next search", run.runId(), e.toString());
        }
    }

    // ---------------------------------------------------------------- lineage

    /** The lineage of a product's current version: as stored, or derived (and stored) when it is not yet. */
    public ProductLineage lineage(VersionedProduct product) {
        Optional<String> stored = lineageStore.version(product.id(), product.version());
        if (stored.isPresent()) {
            return LineageCodec.decode(stored.get());
        }
        ProductLineage derived = deriveLineage(product);
        lineageStore.recordVersion(product.id(), product.version(), LineageCodec.encode(derived), clock.instant());
        return derived;
    }

    /** The lineage a run recorded. */
    public Optional<ProductLineage> runLineage(String runId) {
        return lineageStore.run(runId).map(LineageCodec::decode);
    }

    private ProductLineage deriveLineage(VersionedProduct product) {
        return builder.build(catalogProduct(product), upstream -> products.find(upstream)
                .map(p -> p.definition().schema().columns().stream().map(ColumnSpec::name).toList()));
    }

    /** The lineage graph of every current product. */
    public LineageGraph graph() {
        return new LineageGraph(products.list().stream().map(this::lineage).toList());
    }

    /**
     * The lineage around a product.
     *
     * @throws org.meshwork.api.InvalidArgumentException when {@code depth} is not between 1 and {@link #MAX_DEPTH}
     */
    public LineageView lineage(ProductId id, LineageDirection direction, int depth, boolean columns) {
        products.get(id);
        checkDepth(depth);
        return graph().view(id, direction, depth, columns);
    }

    /** Where a column comes from, or what depends on it (impact analysis). */
    public List<ColumnImpact> columnLineage(ProductId id, String column, LineageDirection direction, int depth) {
        products.get(id);
        checkDepth(depth);
        return graph().columnLineage(id, column, direction, depth);
    }

    private static void checkDepth(int depth) {
        org.meshwork.api.InvalidArgumentException.check(depth >= 1 && depth <= MAX_DEPTH,
                "--depth must be between 1 and %d; got %d", MAX_DEPTH, depth);
    }

    // ---------------------------------------------------------------- domains

    /** Domains, the data flows between them (from lineage) and ownership overlaps (entity claims). */
    public DomainMap domainMap() {
        List<String> domains = new ArrayList<>();
        products.domains().forEach(d -> domains.add(d.name().value()));
        products.list().forEach(p -> domains.add(p.id().domain().value()));
        List<VersionedProduct> all = products.list();
        return DomainMap.of(domains, all.stream().map(this::lineage).toList(),
                all.stream().map(CatalogService::catalogProduct).toList());
    }

    /** Entity claims by more than one domain among the current products. */
    public List<DomainMap.OwnershipOverlap> ownershipOverlaps() {
        return DomainMap.overlaps(products.list().stream().map(CatalogService::catalogProduct).toList());
    }

    // ---------------------------------------------------------------- docs

    /** Everything the documentation page of a product shows, now. */
    public ProductPage page(ProductId id) {
        VersionedProduct versioned = products.get(id);
        CatalogProduct product = catalogProduct(versioned);
        SlaReport report = sla.report(id);
        List<ProductPage.SlaLine> slaLines = report.objectives().stream().map(o -> new ProductPage.SlaLine(
                o.objective().label(), o.target(), o.measuredText(), o.status().label(), o.reason())).toList();
        List<StoredCheckResult> history = store.checkHistory(id, 1);
        List<String> consumers = new ArrayList<>();
        for (VersionedProduct other : products.list()) {
            if (other.definition().sources().stream().anyMatch(s -> s.product().map(id::equals).orElse(false))) {
                consumers.add(other.id().toString());
            }
        }
        List<ProductPage.VersionLine> versions = new ArrayList<>();
        for (StoredResource revision : store.history(ResourceKey.product(id))) {
            Optional<String> semver = Optional.empty();
            try {
                semver = products.toProduct(revision).definition().version().map(Object::toString);
            } catch (RuntimeException unreadable) {
                // an old revision this build cannot read: show it without its version
            }
            versions.add(new ProductPage.VersionLine(revision.version(), semver, revision.appliedBy().value(),
                    revision.appliedAt()));
        }
        return new ProductPage(product, products.domain(id.domain()).map(d -> d.ownerTeam().value()),
                report.sla().isEmpty() ? Optional.empty() : Optional.of(report.colour().label()), slaLines,
                report.lastPublished(), history.stream().findFirst().map(StoredCheckResult::evaluatedAt),
                history.stream().map(StoredCheckResult::result).toList(), lineage(versioned), consumers, versions,
                clock.instant());
    }

    public String docs(ProductId id, DocsFormat format) {
        return ProductPageRenderer.render(page(id), format);
    }

    /** Where {@code discovery.generate_docs} pages are written: {@code <home>/docs/<product id>.<md|html>}. */
    public Path docsFile(ProductId id, DocsFormat format) {
        return docsDirectory.resolve(id + "." + format.extension());
    }

    private void writeDocsIfAsked(VersionedProduct product) {
        if (!catalogProduct(product).generateDocs()) {
            return;
        }
        ProductPage page = page(product.id());
        for (DocsFormat format : DocsFormat.values()) {
            write(docsFile(product.id(), format), ProductPageRenderer.render(page, format));
        }
    }

    /** Writes a file whole or not at all (a temporary file moved into place). */
    public static void write(Path file, String content) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".docs-", ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    public OpenLineageEmitter openLineage() {
        return openLineage;
    }
}
