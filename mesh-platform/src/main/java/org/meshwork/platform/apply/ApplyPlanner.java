package org.meshwork.platform.apply;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.DomainName;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.GlossaryTermDescriptor;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.platform.retention.RetentionPlan;
import org.meshwork.api.descriptor.SourcePosition;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.StoredResource;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.policy.CompiledPolicies;
import org.meshwork.api.policy.Policy;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicyViolationException;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.FieldLocator;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.platform.product.ContentHash;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductDocuments;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.policy.PolicyService;
import org.meshwork.platform.workspace.Workspace;

/**
 * Turns descriptor files into an {@link ApplyPlan} and commits it. Planning reads only: it parses and validates every
 * file, checks what needs the store (referenced products, columns named by checks, contract compatibility, storage
 * locations) and what needs the installation (engine, its version, table format: {@link InstallationCheck}), diffs each resource against its current version, checks who may change what, and runs the apply gate:
 * every created or changed product against the apply-stage policies. {@link #commit} stores the whole plan in one
 * optimistic transaction, or nothing, then records the products' policy verdicts as their compliance status.
 */
public final class ApplyPlanner {
    private final MetadataStore store;
    private final DescriptorParser parser;
    private final ProductRepository products;
    private final Workspace workspace;
    private final ChangeAuthorizer authorizer;
    private final PolicyService policies;
    private final InstallationCheck installationCheck;

    public ApplyPlanner(MetadataStore store, DescriptorParser parser, Workspace workspace, PolicyService policies,
            Installation installation) {
        this.store = requireNonNull(store, "store is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.products = new ProductRepository(store, parser);
        this.authorizer = new ChangeAuthorizer(workspace.config());
        this.installationCheck = new InstallationCheck(installation);
    }

    /**
     * Plans the apply of {@code paths} (files or directories) on behalf of {@code actor}.
     *
     * @throws InvalidDescriptorException with every problem found, when any file is invalid
     * @throws ForbiddenException when the actor may not change one of the resources; lists each refusal
     * @throws PolicyViolationException when a created or changed product fails a required apply-stage policy (the
     *     stored policies, with those of this batch in place of their stored versions); lists every failure
     */
    public ApplyPlan plan(List<Path> paths, UserName actor) {
        ParsedDescriptors parsed = parser.parse(paths);
        parsed.throwIfInvalid();
        return plan(parsed.descriptors(), parsed.warnings(), actor, parsed.locator());
    }

    ApplyPlan plan(List<Descriptor> descriptors, List<Problem> parseWarnings, UserName actor) {
        return plan(descriptors, parseWarnings, actor, FieldLocator.ORIGINS);
    }

    private ApplyPlan plan(List<Descriptor> descriptors, List<Problem> parseWarnings, UserName actor,
            FieldLocator locator) {
        Batch batch = Batch.of(descriptors);
        List<Problem> problems = new ArrayList<>(parseWarnings);
        List<String> refusals = new ArrayList<>();
        List<PlannedChange> changes = new ArrayList<>();
        Map<ProductId, ProductDocuments> changedProducts = new LinkedHashMap<>();
        List<Policy> batchPolicies = new ArrayList<>();

        for (DomainDescriptor domain : batch.domains.values()) {
            changes.add(planDomain(domain, actor, refusals));
        }
        for (GlobalPolicyDescriptor policy : batch.globalPolicies.values()) {
            ResourceKey key = ResourceKey.globalPolicy(policy.metadata().name());
            authorizer.checkGlobalPolicyChange(actor, policy.metadata().name()).ifPresent(refusals::add);
            changes.add(diff(key, Optional.empty(), policy.document(), List.of()));
            Policy.of(policy).ifPresent(batchPolicies::add);
        }
        for (DomainPolicyDescriptor policy : batch.domainPolicies.values()) {
            ResourceKey key = ResourceKey.domainPolicy(policy.domain(), policy.metadata().name());
            authorizer.checkDomainChange(actor, policy.domain(), ownerOf(policy.domain(), batch),
                    "domain policy '" + key.name() + "'").ifPresent(refusals::add);
            changes.add(diff(key, Optional.of(policy.domain()), policy.document(), List.of()));
            Policy.of(policy).ifPresent(batchPolicies::add);
        }
        for (GlossaryTermDescriptor term : batch.glossaryTerms.values()) {
            changes.add(planGlossaryTerm(term, batch, actor, refusals));
        }
        for (ProductId id : batch.productIds()) {
            changes.add(planProduct(id, batch, actor, locator, problems, refusals, changedProducts));
        }
        CompiledPolicies compiled = null;
        try {
            compiled = policies.withChanges(batchPolicies);
        } catch (InvalidDescriptorException e) {
            problems.addAll(e.problems());
        }

        problems.sort(Comparator.comparing((Problem p) -> p.position().file())
                .thenComparingInt(p -> p.position().line())
                .thenComparingInt(p -> p.position().column()));
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new InvalidDescriptorException(problems);
        }
        if (!refusals.isEmpty()) {
            throw new ForbiddenException(String.join("\n", refusals));
        }
        List<PolicyResult> verdicts = new ArrayList<>();
        for (Map.Entry<ProductId, ProductDocuments> product : changedProducts.entrySet()) {
            verdicts.addAll(compiled.evaluate(policies.subject(product.getKey(), product.getValue()), PolicyStage.APPLY));
        }
        List<PolicyResult> violations = verdicts.stream().filter(result -> result.verdict().blocks()).toList();
        if (!violations.isEmpty()) {
            throw new PolicyViolationException("apply", violations);
        }
        return new ApplyPlan(changes, problems, verdicts);
    }

    /** Commits every change of the plan at once. Nothing is stored when any resource moved since planning. */
    public List<StoredResource> commit(ApplyPlan plan, UserName actor, Instant at) {
        if (!plan.hasChanges()) {
            return List.of();
        }
        List<StoredResource> stored = store.commit(plan.storeChanges(), actor, at);
        policies.record(plan.policyResults(), PolicyStage.APPLY);
        return stored;
    }

    private PlannedChange planDomain(DomainDescriptor domain, UserName actor, List<String> refusals) {
        ResourceKey key = ResourceKey.domain(domain.name());
        Optional<DomainDescriptor> current = products.domain(domain.name());
        if (current.isPresent()) {
            authorizer.checkDomainChange(actor, domain.name(), Optional.of(current.get().ownerTeam()),
                    "domain '" + domain.name() + "'").ifPresent(refusals::add);
        } else {
            authorizer.checkDomainCreation(actor, domain.name(), domain.ownerTeam()).ifPresent(refusals::add);
        }
        return diff(key, Optional.of(domain.name()), domain.document(), List.of());
    }

    private PlannedChange planProduct(ProductId id, Batch batch, UserName actor, FieldLocator locator,
            List<Problem> problems, List<String> refusals, Map<ProductId, ProductDocuments> changedProducts) {
        Optional<ProductRepository.VersionedProduct> current = products.find(id);
        Optional<DataProductDescriptor> newProduct = Optional.ofNullable(batch.products.get(id));
        Optional<InfrastructureDescriptor> newInfrastructure = Optional.ofNullable(batch.infrastructures.get(id));

        Optional<DataProductDescriptor> product = newProduct.or(() -> current.flatMap(c -> c.definition().product()));
        Optional<InfrastructureDescriptor> infrastructure =
                newInfrastructure.or(() -> current.flatMap(c -> c.definition().infrastructureDocument()));
        Optional<Path> baseDirectory = newProduct
                .map(p -> Path.of(p.origin().file()).toAbsolutePath().normalize().getParent())
                .or(() -> current.flatMap(c -> c.definition().baseDirectory()));
        ProductDefinition definition = new ProductDefinition(id, product, infrastructure, baseDirectory);
        SourcePosition origin = newProduct.<Descriptor>map(d -> d).or(() -> newInfrastructure).orElseThrow().origin();

        List<String> notes = new ArrayList<>();
        newProduct.ifPresent(p -> checkSources(p, batch, problems));
        newProduct.ifPresent(p -> checkGlossary(p, batch, problems));
        checkChecksAgainstSchema(definition, newInfrastructure, newProduct, problems);
        problems.addAll(installationCheck.check(definition, newProduct, newInfrastructure, locator));
        notes.add("storage: " + describeLocation(definition, origin, newInfrastructure, problems));
        checkRetention(definition, newInfrastructure, newProduct, origin, notes, problems);
        current.flatMap(c -> c.definition().product()).ifPresent(before ->
                newProduct.ifPresent(after -> checkContract(before, after, notes, problems)));

        authorizer.checkDomainChange(actor, id.domain(), ownerOf(id.domain(), batch), "product '" + id + "'")
                .ifPresent(refusals::add);
        if (ownerOf(id.domain(), batch).isEmpty()) {
            problems.add(Problem.warning(origin, "metadata.namespace", "domain '" + id.domain()
                    + "' is not declared; until a Domain names its owner team, only platform admins can change its products"));
        }

        ProductDocuments documents = new ProductDocuments(product.map(Descriptor::document),
                infrastructure.map(Descriptor::document), baseDirectory.map(Path::toString));
        PlannedChange change = diff(ResourceKey.product(id), Optional.of(id.domain()), documents.encode(), notes);
        if (change.action() != ChangeAction.UNCHANGED) {
            changedProducts.put(id, documents);
        }
        return change;
    }

    /**
     * A glossary term belongs to the domain that first defined it: only that domain's owners (or platform admins) change
     * it, and another domain cannot take the name over.
     */
    private PlannedChange planGlossaryTerm(GlossaryTermDescriptor term, Batch batch, UserName actor,
            List<String> refusals) {
        ResourceKey key = ResourceKey.glossaryTerm(term.name());
        Optional<StoredResource> current = store.current(key);
        current.flatMap(StoredResource::domain).filter(owner -> !owner.equals(term.domain())).ifPresent(owner ->
                refusals.add("glossary term '" + term.name() + "' is owned by domain '" + owner + "'; domain '"
                        + term.domain() + "' may not redefine it (link to it, or pick another name)"));
        authorizer.checkDomainChange(actor, term.domain(), ownerOf(term.domain(), batch),
                "glossary term '" + term.name() + "'").ifPresent(refusals::add);
        return diff(key, Optional.of(term.domain()), term.document(), List.of());
    }

    /** Every glossary term a column links to is defined, in this batch or before. */
    private void checkGlossary(DataProductDescriptor product, Batch batch, List<Problem> problems) {
        List<ColumnSpec> columns = product.schema().columns();
        for (int i = 0; i < columns.size(); i++) {
            List<String> terms = columns.get(i).glossary();
            for (int j = 0; j < terms.size(); j++) {
                String term = terms.get(j);
                if (!batch.glossaryTerms.containsKey(term) && store.current(ResourceKey.glossaryTerm(term)).isEmpty()) {
                    problems.add(Problem.error(product.origin(), "spec.schema.columns[" + i + "].glossary[" + j + "]",
                            "glossary term '" + term + "' is not defined",
                            "apply a GlossaryTerm named '" + term + "' first, or in the same command"));
                }
            }
        }
    }

    /** Every {@code product} source names a product that exists, or is applied in the same batch, and is not itself. */
    private void checkSources(DataProductDescriptor product, Batch batch, List<Problem> problems) {
        List<SourceSpec> sources = product.sources();
        for (int i = 0; i < sources.size(); i++) {
            SourceSpec source = sources.get(i);
            if (source.type() != SourceType.PRODUCT || source.product().isEmpty()) {
                continue;
            }
            ProductId upstream = source.product().get();
            String path = "spec.sources[" + i + "].product";
            if (upstream.equals(product.id())) {
                problems.add(Problem.error(product.origin(), path, "a product cannot read its own output"));
            } else if (!batch.productIds().contains(upstream) && products.find(upstream).isEmpty()) {
                problems.add(Problem.error(product.origin(), path, "product '" + upstream + "' does not exist",
                        "apply it first, or in the same command"));
            }
        }
    }

    /**
     * Checks name columns of the output contract. The parser checks this within one batch; here the contract may come
     * from the store (an infrastructure document applied to an existing product) or vice versa.
     */
    private void checkChecksAgainstSchema(ProductDefinition definition, Optional<InfrastructureDescriptor> newInfrastructure,
            Optional<DataProductDescriptor> newProduct, List<Problem> problems) {
        if (newInfrastructure.isPresent() == newProduct.isPresent()) {
            return; // both new: checked by the parser; neither new: cannot happen
        }
        if (newInfrastructure.isEmpty() || definition.schema().isEmpty()) {
            return; // the stored checks were checked when their document was applied; no schema: warnings only
        }
        InfrastructureDescriptor infrastructure = newInfrastructure.get();
        List<CheckSpec> checks = infrastructure.infrastructure().quality().map(q -> q.checks()).orElse(List.of());
        for (int i = 0; i < checks.size(); i++) {
            CheckSpec check = checks.get(i);
            List<String> named = new ArrayList<>(check.columns());
            check.column().ifPresent(named::add);
            for (String column : named) {
                if (definition.schema().column(column).isEmpty()) {
                    problems.add(Problem.error(infrastructure.origin(), "spec.quality.checks[" + i + "].column",
                            "column '" + column + "' is not in the output schema of " + definition.id()));
                }
            }
        }
    }

    /**
     * A retention must have a mechanism that works on the effective definition (the parser checks each document alone):
     * the event time column of an infrastructure document is a DATE or TIMESTAMP column of the contract. A mechanism
     * without a retention does nothing, and says so. The plan notes how rows will expire.
     */
    private static void checkRetention(ProductDefinition definition, Optional<InfrastructureDescriptor> newInfrastructure,
            Optional<DataProductDescriptor> newProduct, SourcePosition origin, List<String> notes, List<Problem> problems) {
        Optional<RetentionPlan> plan = RetentionPlan.of(definition);
        plan.ifPresent(p -> notes.add("retention: " + p.describe()));
        Optional<StorageSpec> storage = definition.infrastructure().storage();
        SourcePosition at = newInfrastructure.filter(i -> i.infrastructure().storage().isPresent())
                .<Descriptor>map(d -> d).or(() -> newProduct).map(Descriptor::origin).orElse(origin);
        if (plan.isEmpty() && storage.filter(s -> s.expireBy().isPresent() || s.eventTimeColumn().isPresent()).isPresent()) {
            problems.add(Problem.warning(at, storage.get().expireBy().isPresent() ? "spec.storage.expire_by"
                    : "spec.storage.event_time_column", "the product declares no retention (spec.retention_period_days "
                    + "or spec.storage.retention), so nothing expires by it"));
        }
        Optional<String> column = plan.flatMap(RetentionPlan::eventTimeColumn);
        if (column.isEmpty() || definition.schema().isEmpty() || newInfrastructure.isEmpty()) {
            return; // a DataProduct document's own column was checked against its own schema by the parser
        }
        Optional<ColumnSpec> declared = definition.schema().column(column.get());
        String type = declared.map(c -> c.type().toUpperCase(java.util.Locale.ROOT)).orElse("");
        if (declared.isEmpty()) {
            problems.add(Problem.error(at, "spec.storage.event_time_column", "event time column '" + column.get()
                    + "' is not in the output schema of " + definition.id()));
        } else if (!type.startsWith("DATE") && !type.startsWith("TIMESTAMP")) {
            problems.add(Problem.error(at, "spec.storage.event_time_column", "event time column '" + column.get()
                    + "' is " + type + "; retention needs a DATE or TIMESTAMP column"));
        }
    }

    private String describeLocation(ProductDefinition definition, SourcePosition origin,
            Optional<InfrastructureDescriptor> newInfrastructure, List<Problem> problems) {
        Optional<String> declared = definition.infrastructure().storage().flatMap(s -> s.location());
        try {
            return workspace.resolveTableLocation(definition.id(), declared).describe();
        } catch (MeshException e) {
            problems.add(Problem.error(newInfrastructure.<Descriptor>map(d -> d).map(Descriptor::origin).orElse(origin),
                    "spec.storage.location", e.getMessage()));
            return declared.orElse("?");
        }
    }

    private void checkContract(DataProductDescriptor before, DataProductDescriptor after, List<String> notes,
            List<Problem> problems) {
        List<String> breaking = ContractDiff.breakingChanges(before.schema(), after.schema());
        notes.addAll(ContractDiff.additions(before.schema(), after.schema()).stream().map(n -> "contract: " + n).toList());
        if (breaking.isEmpty()) {
            return;
        }
        if (after.version().major() > before.version().major()) {
            breaking.forEach(change -> notes.add("contract: breaking: " + change + " (major version "
                    + before.version() + " → " + after.version() + ")"));
            return;
        }
        problems.add(Problem.error(after.origin(), "spec.schema", "breaking change to the output contract of "
                + after.id() + ": " + String.join("; ", breaking),
                "consumers rely on it: bump spec.version to " + (before.version().major() + 1) + ".0.0"));
    }

    private PlannedChange diff(ResourceKey key, Optional<DomainName> domain, String document, List<String> notes) {
        Optional<StoredResource> current = store.current(key);
        String hash = ContentHash.of(document);
        long version = current.map(StoredResource::version).orElse(0L);
        if (current.isPresent() && current.get().contentHash().equals(hash)) {
            return new PlannedChange(key, ChangeAction.UNCHANGED, version, Optional.empty(), notes);
        }
        ChangeAction action = current.isPresent() ? ChangeAction.UPDATE : ChangeAction.CREATE;
        return new PlannedChange(key, action, version, Optional.of(new ResourceChange(key, version, domain, document, hash)),
                notes);
    }

    /** The team that owns a domain now (the stored Domain), or, for a domain declared in this batch, its new owner. */
    private Optional<TeamName> ownerOf(DomainName domain, Batch batch) {
        return currentOwner(domain).or(() -> Optional.ofNullable(batch.domains.get(domain)).map(DomainDescriptor::ownerTeam));
    }

    private Optional<TeamName> currentOwner(DomainName domain) {
        return products.domain(domain).map(DomainDescriptor::ownerTeam);
    }

    /** The descriptors of one apply, grouped by what they define. The parser has rejected duplicates. */
    private static final class Batch {
        final Map<DomainName, DomainDescriptor> domains = new TreeMap<>();
        final Map<ProductId, DataProductDescriptor> products = new LinkedHashMap<>();
        final Map<ProductId, InfrastructureDescriptor> infrastructures = new LinkedHashMap<>();
        final Map<String, GlobalPolicyDescriptor> globalPolicies = new TreeMap<>();
        final Map<String, DomainPolicyDescriptor> domainPolicies = new TreeMap<>();
        final Map<String, GlossaryTermDescriptor> glossaryTerms = new TreeMap<>();

        static Batch of(List<Descriptor> descriptors) {
            Batch batch = new Batch();
            for (Descriptor descriptor : descriptors) {
                if (descriptor instanceof DomainDescriptor domain) {
                    batch.domains.put(domain.name(), domain);
                } else if (descriptor instanceof DataProductDescriptor product) {
                    batch.products.put(product.id(), product);
                } else if (descriptor instanceof InfrastructureDescriptor infrastructure) {
                    batch.infrastructures.put(infrastructure.productId(), infrastructure);
                } else if (descriptor instanceof GlobalPolicyDescriptor policy) {
                    batch.globalPolicies.put(policy.metadata().name(), policy);
                } else if (descriptor instanceof DomainPolicyDescriptor policy) {
                    batch.domainPolicies.put(policy.domain() + "/" + policy.metadata().name(), policy);
                } else if (descriptor instanceof GlossaryTermDescriptor term) {
                    batch.glossaryTerms.put(term.name(), term);
                }
            }
            return batch;
        }

        TreeSet<ProductId> productIds() {
            TreeSet<ProductId> ids = new TreeSet<>(products.keySet());
            ids.addAll(infrastructures.keySet());
            return ids;
        }
    }
}
