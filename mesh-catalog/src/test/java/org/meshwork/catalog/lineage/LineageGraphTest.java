package org.meshwork.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.lineage.TransformLineage;

/** Product and column lineage over a small hand-built graph: crm → customers → (segments, campaigns → report). */
class LineageGraphTest {
    private static ColumnDerivation copy(String column, String dataset, String from) {
        return new ColumnDerivation(column, List.of(new ColumnRef(dataset, from)), DerivationKind.IDENTITY, Optional.empty());
    }

    private static LineageInput product(String source, String id) {
        return new LineageInput(source, NodeKind.PRODUCT, id, id);
    }

    private final ProductLineage customers = new ProductLineage(ProductId.parse("dp.customer.customers"), 1, "customer",
            List.of(new LineageInput("crm", NodeKind.SYSTEM, "system:crm", "crm")),
            new TransformLineage(List.of("crm"), List.of(copy("customer_id", "crm", "id"), copy("email", "crm", "mail")),
                    List.of()));
    private final ProductLineage campaigns = new ProductLineage(ProductId.parse("dp.marketing.campaigns"), 2, "marketing",
            List.of(product("people", "dp.customer.customers")),
            new TransformLineage(List.of("people"), List.of(
                    new ColumnDerivation("contact", List.of(new ColumnRef("people", "email")), DerivationKind.TRANSFORMATION,
                            Optional.empty()),
                    new ColumnDerivation("reach", List.of(new ColumnRef("people", "customer_id")),
                            DerivationKind.AGGREGATION, Optional.empty()),
                    ColumnDerivation.unknown("rank", "window function row_number() OVER (...)")), List.of()));
    private final ProductLineage report = new ProductLineage(ProductId.parse("dp.finance.report"), 1, "finance",
            List.of(product("c", "dp.marketing.campaigns")),
            new TransformLineage(List.of("c"), List.of(copy("who", "c", "contact"), copy("ranked", "c", "rank")), List.of()));
    private final ProductLineage segments = new ProductLineage(ProductId.parse("dp.sales.segments"), 1, "sales",
            List.of(product("customers", "dp.customer.customers")),
            TransformLineage.tableLevel(List.of("customers"), "FROM reads a pivot; table-level lineage only"));
    private final LineageGraph graph = new LineageGraph(List.of(customers, campaigns, report, segments));

    @Test
    void downstreamOfAProductWithinADepth() {
        LineageView one = graph.view(ProductId.parse("dp.customer.customers"), LineageDirection.DOWNSTREAM, 1, false);
        assertThat(one.nodes()).extracting(LineageView.Node::id)
                .containsExactlyInAnyOrder("dp.customer.customers", "dp.marketing.campaigns", "dp.sales.segments");

        LineageView two = graph.view(ProductId.parse("dp.customer.customers"), LineageDirection.DOWNSTREAM, 2, false);
        assertThat(two.nodes()).extracting(LineageView.Node::id).contains("dp.finance.report");
        assertThat(two.edges()).contains(new LineageView.Edge("dp.marketing.campaigns", "dp.finance.report", "c"));
    }

    @Test
    void upstreamReachesExternalSystems() {
        LineageView view = graph.view(ProductId.parse("dp.finance.report"), LineageDirection.UPSTREAM, 5, true);

        assertThat(view.nodes()).extracting(LineageView.Node::id)
                .containsExactly("dp.finance.report", "dp.marketing.campaigns", "dp.customer.customers", "system:crm");
        assertThat(view.nodes()).filteredOn(n -> n.id().equals("system:crm")).singleElement()
                .extracting(LineageView.Node::kind).isEqualTo(NodeKind.SYSTEM);
        assertThat(view.columnEdges()).contains(new LineageView.ColumnEdge("dp.customer.customers", "email",
                "dp.marketing.campaigns", "contact", DerivationKind.TRANSFORMATION));
    }

    @Test
    void impactOfAColumnListsEveryDependentColumnAndMarksTableLevelHopsAsUncertain() {
        List<ColumnImpact> impacts = graph.columnLineage(ProductId.parse("dp.customer.customers"), "email",
                LineageDirection.DOWNSTREAM, 10);

        assertThat(impacts).filteredOn(ColumnImpact::certain).extracting(i -> i.node() + "." + i.column())
                .containsExactlyInAnyOrder("dp.marketing.campaigns.contact", "dp.finance.report.who");
        assertThat(impacts).filteredOn(i -> !i.certain()).extracting(i -> i.node() + "." + i.column())
                .containsExactlyInAnyOrder("dp.marketing.campaigns.rank", "dp.finance.report.ranked", "dp.sales.segments.*");
        assertThat(impacts).extracting(i -> i.node() + "." + i.column()).doesNotContain("dp.marketing.campaigns.reach");
    }

    @Test
    void upstreamOfAColumnEndsAtTheSystemColumn() {
        List<ColumnImpact> impacts = graph.columnLineage(ProductId.parse("dp.finance.report"), "who",
                LineageDirection.UPSTREAM, 10);

        assertThat(impacts).extracting(i -> i.node() + "." + i.column()).containsExactly(
                "dp.marketing.campaigns.contact", "dp.customer.customers.email", "system:crm.mail");
        assertThat(impacts).allMatch(ColumnImpact::certain);
    }

    @Test
    void anUnknownColumnIsAnErrorNamingTheColumns() {
        assertThatThrownBy(() -> graph.columnLineage(ProductId.parse("dp.customer.customers"), "nope",
                LineageDirection.DOWNSTREAM, 3))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("--column").hasMessageContaining("customer_id");
    }

    @Test
    void renderingsNameEveryNodeAndEdge() {
        LineageView view = graph.view(ProductId.parse("dp.marketing.campaigns"), LineageDirection.BOTH, 3, true);

        assertThat(LineageRenderer.render(view, GraphFormat.MERMAID)).startsWith("flowchart LR")
                .contains("[(\"crm\")]").contains("-->|\"people\"|").contains("-.->|\"email → contact\"|");
        assertThat(LineageRenderer.render(view, GraphFormat.DOT)).startsWith("digraph lineage")
                .contains("label=\"dp.finance.report\"").contains("shape=cylinder");
        assertThat(LineageRenderer.render(view, GraphFormat.TEXT)).contains("dp.customer.customers  →  dp.marketing.campaigns");
        assertThat(LineageRenderer.render(view, GraphFormat.JSON)).contains("\"column_edges\"");
    }

    @Test
    void storedLineageRoundTrips() {
        assertThat(LineageCodec.decode(LineageCodec.encode(campaigns))).isEqualTo(campaigns);
        assertThat(LineageCodec.decode(LineageCodec.encode(segments))).isEqualTo(segments);
    }
}
