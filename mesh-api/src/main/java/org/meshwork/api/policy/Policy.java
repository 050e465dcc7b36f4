package org.meshwork.api.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.descriptor.SourcePosition;

/**
 * One policy as the engine sees it, whichever kind declared it. A global policy ({@code owner} empty) applies to the
 * domains it lists, or to all when {@code domains} is empty; a domain policy applies only inside its own domain, so
 * its {@code domains} is always exactly that domain. {@code rule} is a CEL expression that must be {@code true} for a
 * compliant product; {@code rulePosition} is where it stands in its file, for compile errors.
 */
public record Policy(
        String name,
        Optional<DomainName> owner,
        String description,
        Enforcement enforcement,
        PolicyStage stage,
        List<DomainName> domains,
        String rule,
        Optional<String> message,
        SourcePosition rulePosition) {

    public Policy {
        requireNonNull(name, "name is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(description, "description is null");
        requireNonNull(enforcement, "enforcement is null");
        requireNonNull(stage, "stage is null");
        domains = List.copyOf(domains);
        requireNonNull(rule, "rule is null");
        requireNonNull(message, "message is null");
        requireNonNull(rulePosition, "rulePosition is null");
        if (owner.isPresent() && !domains.equals(List.of(owner.get()))) {
            throw new IllegalArgumentException("domain policy " + name + " may apply only to its own domain " + owner.get());
        }
    }

    /** A global policy; {@code [all]} (or no list) means every domain. Empty when it declares no rule. */
    public static Optional<Policy> of(GlobalPolicyDescriptor descriptor) {
        List<DomainName> domains = descriptor.domainsApplicable().stream().anyMatch(d -> d.equals("all"))
                ? List.of() : descriptor.domainsApplicable().stream().map(DomainName::of).toList();
        return descriptor.rule().map(rule -> new Policy(descriptor.metadata().name(), Optional.empty(),
                descriptor.description(), descriptor.enforcement(), descriptor.stage(), domains, rule,
                descriptor.message(), descriptor.rulePosition()));
    }

    /** A domain policy: it applies to its own domain's products only. Empty when it declares no rule. */
    public static Optional<Policy> of(DomainPolicyDescriptor descriptor) {
        return descriptor.rule().map(rule -> new Policy(descriptor.metadata().name(), Optional.of(descriptor.domain()),
                descriptor.description(), descriptor.enforcement(), descriptor.stage(), List.of(descriptor.domain()),
                rule, descriptor.message(), descriptor.rulePosition()));
    }

    /** {@code name} for a global policy, {@code domain/name} for a domain policy: unique across the mesh. */
    public String key() {
        return owner.map(domain -> domain + "/" + name).orElse(name);
    }

    public boolean isGlobal() {
        return owner.isEmpty();
    }

    /** Whether this policy governs {@code product}: its domain is listed, or the policy is global for all domains. */
    public boolean appliesTo(ProductId product) {
        return domains.isEmpty() || domains.contains(product.domain());
    }
}
