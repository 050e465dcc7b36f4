package org.meshwork.platform.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.Environment;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.policy.CompiledPolicies;
import org.meshwork.api.policy.ComplianceRecord;
import org.meshwork.api.policy.Policy;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.api.policy.PolicyEngine;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicySubject;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.platform.product.ProductDocuments;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;

/**
 * Federated computational governance at its evaluation points. The stored global and domain policies are compiled
 * once per change of the policy set; the apply gate, the run gate, the access gate, reports, simulation and the
 * continuous evaluation all evaluate them through the same {@link PolicyEngine}, and the gates and the continuous
 * evaluation keep each product's compliance status in the {@link PolicyComplianceStore}.
 */
public final class PolicyService {
    private final MetadataStore store;
    private final DescriptorParser parser;
    private final PolicyEngine engine;
    private final PolicyComplianceStore compliance;
    private final Environment environment;
    private final Clock clock;
    private volatile Compiled cached;
    private volatile java.util.function.Function<VersionedProduct, Map<String, Object>> storage;

    public PolicyService(MetadataStore store, DescriptorParser parser, PolicyEngine engine,
            PolicyComplianceStore compliance, Environment environment, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.compliance = requireNonNull(compliance, "compliance is null");
        this.environment = requireNonNull(environment, "environment is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The stored policies that declare a rule: global ones first, then domain ones, each by key. */
    public List<Policy> storedPolicies() {
        return compiledStored().policies().policies();
    }

    /** The stored policies, compiled; compiled again only when a policy changed since. */
    public CompiledPolicies current() {
        return compiledStored().policies();
    }

    /**
     * Compiles the stored policies overlaid with {@code changed} ones (same key: the changed one wins), as they will
     * be once an apply commits.
     *
     * @throws org.meshwork.api.descriptor.InvalidDescriptorException when a rule does not compile
     */
    public CompiledPolicies withChanges(List<Policy> changed) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        storedPolicies().forEach(policy -> policies.put(policy.key(), policy));
        changed.forEach(policy -> policies.put(policy.key(), policy));
        return engine.compile(ordered(policies.values()));
    }

    /** Compiles policies given explicitly (simulation). */
    public CompiledPolicies compile(List<Policy> policies) {
        return engine.compile(policies);
    }

    /** The subject for a product as it is stored now, with its latest run and latest check results. */
    public PolicySubject subject(VersionedProduct product) {
        return subject(product, usesStorage(current()));
    }

    /**
     * Whether any rule reads {@code storage}: only then are a product's files looked at (it opens the product's table),
     * so reports and the access gate cost nothing more for policy sets that do not need it.
     */
    private static boolean usesStorage(CompiledPolicies policies) {
        return policies.policies().stream().anyMatch(policy -> policy.rule().contains("storage"));
    }

    private PolicySubject subject(VersionedProduct product, boolean withStorage) {
        ProductDocuments documents = ProductDocuments.decode(product.stored().document());
        Optional<RunRecord> latest = store.runs(product.id(), 1).stream().findFirst();
        List<CheckResult> checks = store.checkHistory(product.id(), 1).stream().map(StoredCheckResult::result).toList();
        PolicySubject subject = PolicyFacts.of(product.id(), documents, environment, latest, checks);
        return storage == null || !withStorage ? subject
                : subject.with("storage", PolicyFacts.celValue(storage.apply(product)));
    }

    /** The subject for a product's documents as an apply would store them (no run facts yet). */
    public PolicySubject subject(ProductId id, ProductDocuments documents) {
        return PolicyFacts.of(id, documents, environment);
    }

    /** The subject at the run gate: the run being published and the check results it just produced. */
    public PolicySubject subject(ProductId id, ProductDocuments documents, RunRecord run, List<CheckResult> checks) {
        return PolicyFacts.of(id, documents, environment, Optional.of(run), checks);
    }

    /**
     * The subject at the run gate with {@code storage}, the facts of the snapshot about to be published (see
     * {@link org.meshwork.platform.encryption.StorageFacts#publishing}).
     */
    public PolicySubject subject(ProductId id, ProductDocuments documents, RunRecord run, List<CheckResult> checks,
            Map<String, Object> publishing) {
        return subject(id, documents, run, checks).with("storage", PolicyFacts.celValue(publishing));
    }

    /**
     * Binds the {@code storage} variable of stored products (reports, continuous evaluation, the access gate) to what
     * is on disk. Set once by the composition root, which builds the tables after this service.
     */
    public void storageFacts(java.util.function.Function<VersionedProduct, Map<String, Object>> facts) {
        this.storage = requireNonNull(facts, "facts is null");
    }

    /** Every policy of the run stage for the run being published. The caller refuses publication on a failure. */
    public List<PolicyResult> runGate(PolicySubject subject) {
        return current().evaluate(subject, PolicyStage.RUN);
    }

    /**
     * The access gate, for the access controller: the access-stage policies that do not pass for {@code principal}
     * reading {@code product}. {@code access} is the decision so far as CEL values (e.g. {@code columns},
     * {@code masked_columns}, {@code purpose}); a {@link org.meshwork.api.policy.PolicyVerdict#FAIL} among the
     * results must deny the read (throw {@link org.meshwork.api.policy.PolicyViolationException}); warnings and
     * information are for the audit event. A product with {@code security.access_control: rbac} is gated by the global
     * access-stage policies only ({@link AccessControlModel}).
     */
    public List<PolicyResult> accessViolations(Principal principal, VersionedProduct product, Map<String, Object> access) {
        if (current().policies().stream().noneMatch(policy -> policy.stage() == PolicyStage.ACCESS)) {
            return List.of(); // the common case: no access-stage policy, so no facts to gather on the read path
        }
        PolicySubject subject = PolicyFacts.forAccess(subject(product), principal, access);
        AccessControlModel model = AccessControlModel.of(product.definition());
        return current().evaluate(subject, PolicyStage.ACCESS).stream()
                .filter(result -> model.consults(result.policy()))
                .filter(result -> !result.passed()).toList();
    }

    /** Every applicable policy, whatever its stage, for each of {@code products}, over their latest facts. */
    public List<PolicyResult> report(List<VersionedProduct> products) {
        return evaluateAll(current(), products);
    }

    /** Evaluates {@code policies} (e.g. a new or changed policy not stored yet) over the products; enforces nothing. */
    public List<PolicyResult> evaluateAll(CompiledPolicies policies, List<VersionedProduct> products) {
        List<PolicyResult> results = new ArrayList<>();
        boolean withStorage = usesStorage(policies);
        for (VersionedProduct product : products) {
            results.addAll(policies.evaluateAll(subject(product, withStorage)));
        }
        return results;
    }

    /**
     * Parses policy files for {@code mesh policy simulate}: only {@code GlobalPolicy} and {@code DomainPolicy}
     * documents with a rule.
     *
     * @throws InvalidArgumentException when the files hold anything else or no policy
     */
    public List<Policy> parsePolicies(List<Path> files) {
        ParsedDescriptors parsed = parser.parse(files);
        parsed.throwIfInvalid();
        List<Policy> policies = new ArrayList<>();
        for (Descriptor descriptor : parsed.descriptors()) {
            Optional<Policy> policy;
            if (descriptor instanceof GlobalPolicyDescriptor global) {
                policy = Policy.of(global);
            } else if (descriptor instanceof DomainPolicyDescriptor local) {
                policy = Policy.of(local);
            } else {
                throw new InvalidArgumentException(descriptor.origin() + ": " + descriptor.kind().label() + " '"
                        + descriptor.metadata().name() + "' is not a policy: simulate takes GlobalPolicy and"
                        + " DomainPolicy documents only");
            }
            policies.add(policy.orElseThrow(() -> new InvalidArgumentException(descriptor.origin() + ": policy '"
                    + descriptor.metadata().name() + "' has no spec.rule: there is nothing to simulate")));
        }
        if (policies.isEmpty()) {
            throw new InvalidArgumentException("FILE: no policy found in " + files);
        }
        return policies;
    }

    /**
     * The continuous evaluation: every stored policy for every product over its latest facts, replacing the whole
     * stored compliance status (so a removed policy or product leaves no stale row). The server calls it
     * periodically; it is safe to call from any thread.
     */
    public List<PolicyResult> evaluateContinuously(List<VersionedProduct> products) {
        List<PolicyResult> results = report(products);
        Instant at = clock.instant();
        compliance.replaceAll(results.stream().map(r -> ComplianceRecord.of(r, at, PolicyStage.CONTINUOUS)).toList());
        return results;
    }

    /** Records the results of a gate as the products' current compliance status. */
    public void record(List<PolicyResult> results, PolicyStage evaluatedIn) {
        Instant at = clock.instant();
        compliance.record(results.stream().map(r -> ComplianceRecord.of(r, at, evaluatedIn)).toList());
    }

    public PolicyComplianceStore compliance() {
        return compliance;
    }

    public Environment environment() {
        return environment;
    }

    private Compiled compiledStored() {
        List<StoredResource> stored = new ArrayList<>(store.list(ResourceKind.GLOBAL_POLICY));
        stored.addAll(store.list(ResourceKind.DOMAIN_POLICY));
        StringBuilder fingerprint = new StringBuilder();
        stored.forEach(resource -> fingerprint.append(resource.key()).append('@').append(resource.version()).append(';'));
        Compiled current = cached;
        if (current != null && current.fingerprint().contentEquals(fingerprint)) {
            return current;
        }
        List<Policy> policies = new ArrayList<>();
        for (StoredResource resource : stored) {
            Descriptor descriptor = parser.fromDocument(resource.document(), resource.key() + "@v" + resource.version());
            if (descriptor instanceof GlobalPolicyDescriptor global) {
                Policy.of(global).ifPresent(policies::add);
            } else if (descriptor instanceof DomainPolicyDescriptor local) {
                Policy.of(local).ifPresent(policies::add);
            }
        }
        Compiled compiled = new Compiled(fingerprint.toString(), engine.compile(ordered(policies)));
        cached = compiled;
        return compiled;
    }

    /** The order of every report and refusal: global policies, then domain policies, each by key. */
    private static List<Policy> ordered(java.util.Collection<Policy> policies) {
        return policies.stream().sorted(java.util.Comparator.comparing((Policy p) -> !p.isGlobal())
                .thenComparing(Policy::key)).toList();
    }

    private record Compiled(String fingerprint, CompiledPolicies policies) {}

    /** For callers that want to filter a report: the products of one domain, or all. */
    public static List<VersionedProduct> inDomain(List<VersionedProduct> products, Optional<DomainName> domain) {
        return products.stream().filter(p -> domain.isEmpty() || p.id().domain().equals(domain.get())).toList();
    }
}
