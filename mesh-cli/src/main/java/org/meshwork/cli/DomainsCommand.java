package org.meshwork.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.Mesh.DomainSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh domains}: the domains of the mesh, their owner teams and products. */
@Command(name = "domains", mixinStandardHelpOptions = true, description = "List domains, their owner teams and products.")
final class DomainsCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Mesh opened = mesh.openMesh()) {
            List<DomainSummary> domains = opened.domains();
            Output output = mesh.output();
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
            return 0;
        }
    }
}
