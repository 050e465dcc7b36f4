package org.meshwork.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.catalog.lineage.ColumnImpact;
import org.meshwork.catalog.lineage.GraphFormat;
import org.meshwork.catalog.lineage.LineageDirection;
import org.meshwork.catalog.lineage.LineageRenderer;
import org.meshwork.catalog.lineage.LineageView;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh lineage}: product and column lineage around a product, and column impact analysis. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = "Show a product's lineage: the products and external systems upstream, the products downstream, "
                + "and with --columns which column comes from which. With --column C: where C comes from (--upstream) "
                + "or every product and column that depends on it (--downstream, impact analysis).")
final class LineageCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    static final class Direction {
        @Option(names = "--upstream", description = "Only what the product reads, transitively.")
        boolean upstream;

        @Option(names = "--downstream", description = "Only what reads the product, transitively.")
        boolean downstream;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Direction direction = new Direction();

    @Option(names = "--depth", defaultValue = "3", paramLabel = "N", description = "How many hops to follow (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--columns", description = "Include column-level lineage.")
    boolean columns;

    @Option(names = "--column", paramLabel = "COLUMN", description = "Follow one output column (impact analysis with --downstream).")
    String column;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, dot or mermaid (default: ${DEFAULT-VALUE}); --column supports text and json.")
    String format;

    @Override
    public Integer call() {
        GraphFormat graphFormat = GraphFormat.fromLabel(format).orElseThrow(() -> new InvalidArgumentException(
                "--format must be one of text, json, dot, mermaid; got '" + format + "'"));
        LineageDirection chosen = direction.upstream ? LineageDirection.UPSTREAM
                : direction.downstream ? LineageDirection.DOWNSTREAM : LineageDirection.BOTH;
        if (column != null && (graphFormat == GraphFormat.DOT || graphFormat == GraphFormat.MERMAID)) {
            throw new InvalidArgumentException("--column prints a list: use --format text or json, not " + format);
        }
        ProductId id = product.productId();
        try (Mesh opened = mesh.openMesh()) {
            if (!opened.mayDiscover(opened.actor(mesh.actingUser(), mesh.environment())).test(id)
                    && !opened.products().get(id).definition().infrastructure().discovery()
                            .flatMap(d -> d.discoverable()).orElse(true)) {
                throw new NoSuchProductException(id);
            }
            Output output = mesh.output();
            if (column != null) {
                List<ColumnImpact> impacts = opened.catalog().columnLineage(id, column, chosen, depth);
                if (graphFormat == GraphFormat.JSON) {
                    ObjectNode root = JSON.createObjectNode().put("product", id.toString()).put("column", column)
                            .put("direction", chosen.name().toLowerCase(java.util.Locale.ROOT)).put("depth", depth);
                    root.set("columns", LineageRenderer.impactsJson(impacts));
                    output.json(root);
                } else {
                    output.writer().print(LineageRenderer.impactsText(id.toString(), column, chosen, impacts));
                    output.writer().flush();
                }
                return 0;
            }
            LineageView view = opened.catalog().lineage(id, chosen, depth, columns);
            if (graphFormat == GraphFormat.JSON) {
                output.json(LineageRenderer.json(view));
            } else {
                output.writer().print(LineageRenderer.render(view, graphFormat));
                output.writer().flush();
            }
            return 0;
        }
    }
}
