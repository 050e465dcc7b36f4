package org.meshwork.platform.product;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.Classification;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.InfrastructureSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.SemanticVersion;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.descriptor.SourceSpec;

/**
 * The effective definition of one data product: its {@code DataProduct} and {@code DataProductInfrastructure}
 * documents combined. Infrastructure sections declared in the {@code DataProductInfrastructure} document win over the
 * same sections inline in the {@code DataProduct}. {@code baseDirectory} is where the {@code DataProduct} file was
 * applied from: relative source paths and the transform file resolve against it.
 */
public record ProductDefinition(
        ProductId id,
        Optional<DataProductDescriptor> product,
        Optional<InfrastructureDescriptor> infrastructureDocument,
        Optional<Path> baseDirectory) {

    public ProductDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(product, "product is null");
        requireNonNull(infrastructureDocument, "infrastructureDocument is null");
        requireNonNull(baseDirectory, "baseDirectory is null");
        if (product.isEmpty() && infrastructureDocument.isEmpty()) {
            throw new IllegalArgumentException("product " + id + " has no documents");
        }
    }

    public DomainName domain() {
        return id.domain();
    }

    public String displayName() {
        return product.map(DataProductDescriptor::displayName).orElse(id.name());
    }

    public String description() {
        return product.map(DataProductDescriptor::description).orElse("");
    }

    public Optional<TeamName> ownerTeam() {
        return product.map(DataProductDescriptor::ownerTeam);
    }

    public Optional<SemanticVersion> version() {
        return product.map(DataProductDescriptor::version);
    }

    public Classification sensitivity() {
        return product.map(DataProductDescriptor::sensitivity).orElse(Classification.INTERNAL);
    }

    public List<String> tags() {
        return product.map(DataProductDescriptor::tags).orElse(List.of());
    }

    public Sla sla() {
        return product.map(DataProductDescriptor::sla).orElse(Sla.none());
    }

    public List<SourceSpec> sources() {
        return product.map(DataProductDescriptor::sources).orElse(List.of());
    }

    public OutputSchema schema() {
        return product.map(DataProductDescriptor::schema).orElse(OutputSchema.empty());
    }

    /** The six infrastructure sections in effect. */
    public InfrastructureSpec infrastructure() {
        InfrastructureSpec inline = product.map(DataProductDescriptor::infrastructure).orElse(InfrastructureSpec.empty());
        return infrastructureDocument.map(doc -> inline.overlay(doc.infrastructure())).orElse(inline);
    }
}
