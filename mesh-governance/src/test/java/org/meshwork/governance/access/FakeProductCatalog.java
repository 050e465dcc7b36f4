package org.meshwork.governance.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;

/** A hand-written {@link ProductCatalog} over a map, for unit tests. */
final class FakeProductCatalog implements ProductCatalog {
    final Map<ProductId, ProductFacts> products = new LinkedHashMap<>();
    final Map<DomainName, TeamName> domainOwners = new LinkedHashMap<>();

    FakeProductCatalog add(ProductFacts product) {
        products.put(product.id(), product);
        return this;
    }

    @Override
    public Optional<ProductFacts> product(ProductId id) {
        return Optional.ofNullable(products.get(id));
    }

    @Override
    public Optional<TeamName> domainOwner(DomainName domain) {
        return Optional.ofNullable(domainOwners.get(domain));
    }

    @Override
    public List<ProductId> ownedBy(TeamName team) {
        return products.values().stream().filter(p -> p.ownerTeam().map(team::equals).orElse(false))
                .map(ProductFacts::id).toList();
    }

    @Override
    public List<ProductId> all() {
        return List.copyOf(products.keySet());
    }
}
