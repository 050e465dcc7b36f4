package org.meshwork.platform.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.DiscoverySpec;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.governance.access.ColumnFacts;
import org.meshwork.governance.access.ProductCatalog;
import org.meshwork.governance.access.ProductFacts;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;

/**
 * Access control's view of the stored products: owner team of the domain, sensitivity, contract columns with their PII
 * flags and masks (default {@code redact}), {@code discovery.discoverable} (default true) and auto-approval rules.
 * Reads the current version on every call, so an apply takes effect on the next decision.
 */
public final class RepositoryProductCatalog implements ProductCatalog {
    private final ProductRepository products;

    public RepositoryProductCatalog(ProductRepository products) {
        this.products = requireNonNull(products, "products is null");
    }

    @Override
    public Optional<ProductFacts> product(ProductId id) {
        requireNonNull(id, "id is null");
        return products.find(id).map(versioned -> facts(versioned.definition()));
    }

    @Override
    public Optional<TeamName> domainOwner(DomainName domain) {
        return products.domain(domain).map(DomainDescriptor::ownerTeam);
    }

    @Override
    public List<ProductId> ownedBy(TeamName team) {
        return products.domains().stream()
                .filter(domain -> domain.ownerTeam().equals(team))
                .flatMap(domain -> products.list(domain.name()).stream())
                .map(ProductRepository.VersionedProduct::id)
                .toList();
    }

    @Override
    public List<ProductId> all() {
        return products.list().stream().map(ProductRepository.VersionedProduct::id).toList();
    }

    private ProductFacts facts(ProductDefinition definition) {
        List<ColumnFacts> columns = definition.schema().columns().stream().map(RepositoryProductCatalog::column).toList();
        boolean discoverable = definition.infrastructure().discovery().flatMap(DiscoverySpec::discoverable).orElse(true);
        return new ProductFacts(definition.id(), domainOwner(definition.domain()), definition.sensitivity(), columns,
                discoverable, definition.product().map(DataProductDescriptor::access)
                        .map(access -> access.autoApprove()).orElse(List.of()));
    }

    private static ColumnFacts column(ColumnSpec column) {
        MaskStrategy mask = column.mask().flatMap(MaskStrategy::fromLabel).orElse(MaskStrategy.REDACT);
        return new ColumnFacts(column.name(), column.isPii(), mask);
    }
}
