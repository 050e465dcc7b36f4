package org.meshwork.catalog.domains;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.SampleMeshProducts;
import org.meshwork.catalog.lineage.GraphFormat;
import org.meshwork.catalog.lineage.ProductLineage;
import org.meshwork.catalog.lineage.ProductLineageBuilder;

/** The domain map of the sample mesh in examples/. */
class DomainMapTest {
    private final Map<ProductId, CatalogProduct> products = SampleMeshProducts.load();

    private List<ProductLineage> lineages() {
        return products.values().stream().map(p -> new ProductLineageBuilder(SampleMeshProducts.sameNameAnalyzer(p))
                .build(p, id -> Optional.ofNullable(products.get(id))
                        .map(u -> u.schema().columns().stream().map(c -> c.name()).toList()))).toList();
    }

    @Test
    void theSampleMeshFlowsFromCustomerAndSalesIntoMarketing() {
        DomainMap map = DomainMap.of(List.of("customer", "product", "sales", "marketing"), lineages(), products.values());

        assertThat(map.domains()).containsExactly("customer", "marketing", "product", "sales");
        assertThat(map.edges()).extracting(e -> e.from() + "->" + e.to())
                .contains("customer->marketing", "sales->marketing");
        assertThat(map.edges()).filteredOn(e -> e.from().equals("customer") && e.to().equals("marketing")).singleElement()
                .satisfies(e -> assertThat(e.products()).contains("dp.customer.360 → dp.marketing.campaign-performance"));
        String mermaid = map.render(GraphFormat.MERMAID);
        assertThat(mermaid).startsWith("flowchart LR").contains("[\"customer\"]").contains("dp.customer.360 → dp.marketing.campaign-performance");
        assertThat(map.render(GraphFormat.DOT)).startsWith("digraph domains");
        assertThat(map.render(GraphFormat.JSON)).contains("\"edges\"");
    }

    @Test
    void anEntityClaimedByTwoDomainsIsAnOwnershipOverlap() {
        List<CatalogProduct> claims = List.of(
                products.get(ProductId.parse("dp.customer.360")),
                withEntity(products.get(ProductId.parse("dp.marketing.campaign-performance")), "Customer"));

        List<DomainMap.OwnershipOverlap> overlaps = DomainMap.overlaps(claims);

        assertThat(overlaps).singleElement().satisfies(overlap -> {
            assertThat(overlap.entity()).isEqualTo("customer");
            assertThat(overlap.claims()).containsOnlyKeys("customer", "marketing");
            assertThat(overlap.message()).contains("entity 'customer' is claimed by 2 domains");
        });
        assertThat(DomainMap.overlaps(products.values())).isEmpty();
    }

    private static CatalogProduct withEntity(CatalogProduct product, String entity) {
        var d = product.product().orElseThrow();
        var changed = new org.meshwork.api.descriptor.DataProductDescriptor(d.metadata(), d.origin(), d.document(), d.id(),
                d.displayName(), d.description(), d.ownerTeam(), d.tags(), d.documentationUrl(), d.version(),
                d.sensitivity(), d.retentionPeriodDays(), d.sla(), d.ownership(), Optional.of(entity), d.sources(),
                d.transform(), d.schema(), d.infrastructure(), d.access());
        return new CatalogProduct(product.id(), product.version(), Optional.of(changed), product.infrastructure());
    }
}
