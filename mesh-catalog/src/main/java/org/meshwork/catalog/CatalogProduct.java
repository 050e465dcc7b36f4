package org.meshwork.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.Classification;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.DiscoverySpec;
import org.meshwork.api.descriptor.InfrastructureSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.descriptor.QualitySpec;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.descriptor.SourceSpec;

/**
 * What the catalog reads of one product at one stored version: its {@code DataProduct} document (absent when only a
 * {@code DataProductInfrastructure} document was applied) and the infrastructure sections in effect. The platform
 * builds it from its product definition, so the catalog needs nothing of the platform.
 */
public record CatalogProduct(ProductId id, long version, Optional<DataProductDescriptor> product,
        InfrastructureSpec infrastructure) {

    public CatalogProduct {
        requireNonNull(id, "id is null");
        requireNonNull(product, "product is null");
        requireNonNull(infrastructure, "infrastructure is null");
    }

    public String displayName() {
        return product.map(DataProductDescriptor::displayName).orElse(id.name());
    }

    public String description() {
        return product.map(DataProductDescriptor::description).orElse("");
    }

    public Optional<String> ownerTeam() {
        return product.map(p -> p.ownerTeam().value());
    }

    public List<String> tags() {
        return product.map(DataProductDescriptor::tags).orElse(List.of());
    }

    public Classification sensitivity() {
        return product.map(DataProductDescriptor::sensitivity).orElse(Classification.INTERNAL);
    }

    public Sla sla() {
        return product.map(DataProductDescriptor::sla).orElse(Sla.none());
    }

    public Ownership ownership() {
        return product.map(DataProductDescriptor::ownership).orElse(Ownership.none());
    }

    public Optional<String> entity() {
        return product.flatMap(DataProductDescriptor::entity);
    }

    public List<SourceSpec> sources() {
        return product.map(DataProductDescriptor::sources).orElse(List.of());
    }

    public OutputSchema schema() {
        return product.map(DataProductDescriptor::schema).orElse(OutputSchema.empty());
    }

    public Optional<String> transformSql() {
        return product.flatMap(p -> p.transform().sql());
    }

    public List<CheckSpec> checks() {
        return infrastructure.quality().map(QualitySpec::checks).orElse(List.of());
    }

    /** {@code discovery.discoverable}; a product is discoverable unless it says otherwise. */
    public boolean discoverable() {
        return infrastructure.discovery().flatMap(DiscoverySpec::discoverable).orElse(true);
    }

    /** {@code discovery.generate_docs}. */
    public boolean generateDocs() {
        return infrastructure.discovery().flatMap(DiscoverySpec::generateDocs).orElse(false);
    }

    /** Every person named in the ownership section, without repeats: technical, developer, business, steward. */
    public List<String> people() {
        Ownership o = ownership();
        return java.util.stream.Stream.of(o.technicalOwner(), o.developer(), o.businessOwner(), o.steward())
                .flatMap(Optional::stream).distinct().toList();
    }
}
