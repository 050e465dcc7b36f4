package org.meshwork.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.catalog.domains.DomainMap;
import org.meshwork.catalog.lineage.GraphFormat;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.Mesh.DomainSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh domains}: the domains of the mesh, their owner teams and products. */
@Command(name = "domains", mixinStandardHelpOptions = true, description = "List domains, their owner teams and products; "
        + "--graph shows the data dependencies between domains (from lineage) with the products on each edge. Ownership "
        + "overlaps (one entity claimed by several domains) are reported as warnings.")
final class DomainsCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--graph", description = "Show the domain map: which domain's products feed which domain's.")
    boolean graph;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "With --graph: text, json, dot or mermaid (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        GraphFormat graphFormat = GraphFormat.fromLabel(json ? "json" : format).orElseThrow(() ->
                new InvalidArgumentException("--format must be one of text, json, dot, mermaid; got '" + format + "'"));
        if (!graph && !format.equals("text")) {
            throw new InvalidArgumentException("--format applies to --graph; add --graph, or use --json for the list");
        }
        try (Mesh opened = mesh.openMesh()) {
            Output output = mesh.output();
            if (graph) {
                DomainMap map = opened.catalog().domainMap();
                if (graphFormat == GraphFormat.JSON) {
                    output.json(map.json());
                } else {
                    output.writer().print(map.render(graphFormat));
                    output.writer().flush();
                }
                return 0;
            }
            List<DomainSummary> domains = opened.domains();
            List<DomainMap.OwnershipOverlap> overlaps = opened.catalog().ownershipOverlaps();
            if (json) {
                output.json(domains.stream().map(domain -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("name", domain.name().value());
                    view.put("declared", domain.declaration().isPresent());
                    domain.declaration().ifPresent(d -> {
                        view.put("owner_team", d.ownerTeam().value());
                        view.put("description", d.description());
                        d.boundedContext().ifPresent(b -> view.put("bounded_context", b));
                        view.put("capabilities", d.capabilities());
                    });
                    view.put("products", domain.products().stream().map(Object::toString).toList());
                    view.put("ownership_overlaps", overlaps.stream()
                            .filter(o -> o.claims().containsKey(domain.name().value())).map(o -> o.message()).toList());
                    return view;
                }).toList());
                return 0;
            }
            if (domains.isEmpty()) {
                output.line("No domains yet. Apply a Domain descriptor with: mesh apply -f domain.yaml");
                return 0;
            }
            output.table(List.of("DOMAIN", "OWNER TEAM", "PRODUCTS", "DESCRIPTION"), domains.stream().map(domain -> List.of(
                    domain.name().value(),
                    domain.declaration().map(d -> d.ownerTeam().value()).orElse("(undeclared)"),
                    Integer.toString(domain.products().size()),
                    domain.declaration().map(d -> d.description()).orElse(""))).toList());
            for (DomainMap.OwnershipOverlap overlap : overlaps) {
                output.line(output.style("yellow", "warning: ownership overlap: ") + overlap.message());
            }
            return 0;
        }
    }
}
