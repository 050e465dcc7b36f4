package org.meshwork.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.lineage.SqlLineageAnalyzer;
import org.meshwork.api.lineage.TransformLineage;
import org.meshwork.catalog.CatalogProduct;

/**
 * Derives a product's lineage from its descriptor: each source becomes an input node, and the transform SQL is
 * analysed for column lineage with the columns each source is known to have (declared source columns, or the
 * upstream product's contract). A product without SQL passes its single source through, column by column.
 */
public final class ProductLineageBuilder {
    private final SqlLineageAnalyzer analyzer;

    public ProductLineageBuilder(SqlLineageAnalyzer analyzer) {
        this.analyzer = requireNonNull(analyzer, "analyzer is null");
    }

    /**
     * @param upstreamColumns the contract columns of another product, when it exists
     */
    public ProductLineage build(CatalogProduct product, Function<ProductId, Optional<List<String>>> upstreamColumns) {
        List<LineageInput> inputs = new ArrayList<>();
        Map<String, List<String>> known = new LinkedHashMap<>();
        for (SourceSpec source : product.sources()) {
            inputs.add(SourceNodes.of(source));
            Optional<List<String>> columns = source.product().isPresent()
                    ? upstreamColumns.apply(source.product().get())
                    : source.columns().isEmpty() ? Optional.empty() : Optional.of(List.copyOf(source.columns().keySet()));
            columns.ifPresent(c -> known.put(source.name(), c));
        }
        TransformLineage transform;
        if (product.transformSql().isPresent()) {
            transform = analyzer.analyze(product.transformSql().get(), known);
        } else if (product.sources().size() == 1) {
            transform = passThrough(product, product.sources().get(0).name(), known);
        } else {
            transform = TransformLineage.tableLevel(product.sources().stream().map(SourceSpec::name).toList(),
                    "the product has no transform");
        }
        return new ProductLineage(product.id(), product.version(), product.id().domain().value(), inputs, transform);
    }

    private static TransformLineage passThrough(CatalogProduct product, String source, Map<String, List<String>> known) {
        List<String> columns = known.containsKey(source) ? known.get(source)
                : product.schema().columns().stream().map(ColumnSpec::name).toList();
        if (columns.isEmpty()) {
            return TransformLineage.tableLevel(List.of(source), "the single source's columns are not declared");
        }
        List<ColumnDerivation> derivations = columns.stream().map(column -> new ColumnDerivation(column,
                List.of(new ColumnRef(source, column)), DerivationKind.IDENTITY, Optional.empty())).toList();
        return new TransformLineage(List.of(source), derivations, List.of());
    }
}
