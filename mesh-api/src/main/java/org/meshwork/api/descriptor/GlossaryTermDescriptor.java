package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;

/**
 * A {@code GlossaryTerm}: a business term with one agreed meaning, owned by a domain ({@code metadata.namespace});
 * columns link to it by {@link #name()} ({@code glossary: [customer]}).
 */
public record GlossaryTermDescriptor(
        Metadata metadata,
        SourcePosition origin,
        String document,
        DomainName domain,
        String name,
        Optional<String> displayName,
        String definition,
        List<String> synonyms) implements Descriptor {

    public GlossaryTermDescriptor {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(document, "document is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(name, "name is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(definition, "definition is null");
        synonyms = List.copyOf(synonyms);
    }

    @Override
    public Kind kind() {
        return Kind.GLOSSARY_TERM;
    }
}
