package org.meshwork.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.lineage.SqlLineageAnalyzer;
import org.meshwork.api.lineage.TransformLineage;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;

/** The sample mesh of {@code examples/}, parsed by the real descriptor parser, as catalog products at version 1. */
public final class SampleMeshProducts {
    public static final Path EXAMPLES = Path.of("../examples");

    private SampleMeshProducts() {}

    public static Map<ProductId, CatalogProduct> load() {
        ParsedDescriptors parsed = new DescriptorParser().parse(List.of(EXAMPLES));
        parsed.throwIfInvalid();
        Map<ProductId, DataProductDescriptor> products = new LinkedHashMap<>();
        Map<String, InfrastructureDescriptor> infrastructure = new LinkedHashMap<>();
        for (Descriptor descriptor : parsed.descriptors()) {
            if (descriptor instanceof DataProductDescriptor) {
                DataProductDescriptor product = (DataProductDescriptor) descriptor;
                products.put(product.id(), product);
            } else if (descriptor instanceof InfrastructureDescriptor) {
                InfrastructureDescriptor infra = (InfrastructureDescriptor) descriptor;
                infrastructure.put(infra.metadata().namespace() + "/" + infra.metadata().name(), infra);
            }
        }
        Map<ProductId, CatalogProduct> result = new LinkedHashMap<>();
        products.forEach((id, product) -> {
            InfrastructureDescriptor infra = infrastructure.get(product.metadata().namespace() + "/" + product.metadata().name());
            result.put(id, new CatalogProduct(id, 1, Optional.of(product),
                    infra == null ? product.infrastructure() : product.infrastructure().overlay(infra.infrastructure())));
        });
        return result;
    }

    /**
     * A hand-written analyzer for unit tests: every output column of the contract that a known source also has is an
     * identity of it; everything else is unknown. The real one (DuckDB's parser) is tested in mesh-engine-duckdb.
     */
    public static SqlLineageAnalyzer sameNameAnalyzer(CatalogProduct product) {
        return (sql, known) -> {
            List<ColumnDerivation> columns = new ArrayList<>();
            for (ColumnSpec column : product.schema().columns()) {
                Optional<String> source = known.entrySet().stream()
                        .filter(e -> e.getValue().contains(column.name())).map(Map.Entry::getKey).findFirst();
                columns.add(source.map(s -> new ColumnDerivation(column.name(), List.of(new ColumnRef(s, column.name())),
                        DerivationKind.IDENTITY, Optional.empty()))
                        .orElseGet(() -> ColumnDerivation.unknown(column.name(), "not a copy")));
            }
            return new TransformLineage(List.copyOf(known.keySet()), columns, List.of());
        };
    }
}
