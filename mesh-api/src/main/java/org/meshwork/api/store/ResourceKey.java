package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.DomainName;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;

/**
 * The stable address of a stored resource: its kind and a name unique within the kind — the domain name, the product id
 * ({@code dp.sales.orders}), the global policy's name, or {@code <domain>/<name>} for a domain policy.
 */
public record ResourceKey(ResourceKind kind, String name) {
    public ResourceKey {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        InvalidArgumentException.check(!name.isBlank() && name.length() <= 200, "resource name must be 1-200 characters");
    }

    public static ResourceKey domain(DomainName name) {
        return new ResourceKey(ResourceKind.DOMAIN, name.value());
    }

    public static ResourceKey product(ProductId id) {
        return new ResourceKey(ResourceKind.PRODUCT, id.toString());
    }

    public static ResourceKey globalPolicy(String name) {
        return new ResourceKey(ResourceKind.GLOBAL_POLICY, name);
    }

    public static ResourceKey domainPolicy(DomainName domain, String name) {
        return new ResourceKey(ResourceKind.DOMAIN_POLICY, domain.value() + "/" + name);
    }

    /** A glossary term: its name is unique across the mesh, whichever domain owns it. */
    public static ResourceKey glossaryTerm(String name) {
        return new ResourceKey(ResourceKind.GLOSSARY_TERM, name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
