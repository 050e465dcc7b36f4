package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A {@code GlobalPolicy}: a rule every applicable domain must follow. {@code domainsApplicable} is {@code [all]} or a
 * list of domains; {@code rule} is a CEL expression over the product. {@code rulePosition} is where the rule's value
 * starts in its file (the document's start when there is no rule), so a rule that does not compile is reported there.
 */
public record GlobalPolicyDescriptor(
        Metadata metadata,
        SourcePosition origin,
        String document,
        String description,
        Enforcement enforcement,
        List<String> domainsApplicable,
        Optional<String> rule,
        PolicyStage stage,
        Optional<String> message,
        SourcePosition rulePosition) implements Descriptor {

    public GlobalPolicyDescriptor {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(document, "document is null");
        requireNonNull(description, "description is null");
        requireNonNull(enforcement, "enforcement is null");
        domainsApplicable = List.copyOf(domainsApplicable);
        requireNonNull(rule, "rule is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(message, "message is null");
        requireNonNull(rulePosition, "rulePosition is null");
    }

    @Override
    public Kind kind() {
        return Kind.GLOBAL_POLICY;
    }
}
