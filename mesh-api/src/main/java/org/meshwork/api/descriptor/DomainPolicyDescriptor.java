package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.meshwork.api.DomainName;

/**
 * A {@code DomainPolicy}: a rule a domain sets for its own products only ({@code metadata.namespace} is the domain).
 * {@code rulePosition} is where the rule's value starts in its file, for errors in the CEL expression.
 */
public record DomainPolicyDescriptor(
        Metadata metadata,
        SourcePosition origin,
        String document,
        DomainName domain,
        String description,
        boolean localEnforcement,
        Enforcement enforcement,
        Optional<String> rule,
        PolicyStage stage,
        Optional<String> message,
        SourcePosition rulePosition) implements Descriptor {

    public DomainPolicyDescriptor {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(document, "document is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(description, "description is null");
        requireNonNull(enforcement, "enforcement is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(message, "message is null");
        requireNonNull(rulePosition, "rulePosition is null");
    }

    @Override
    public Kind kind() {
        return Kind.DOMAIN_POLICY;
    }
}
