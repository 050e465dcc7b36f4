package org.meshwork.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh list}: the data products of the mesh (local, or of the server in remote mode). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List data products.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN", description = "Only this domain's products.")
    String domain;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (MeshClient client = mesh.client()) {
            List<Map<String, Object>> products = client.products(Optional.ofNullable(domain));
            Output output = mesh.output();
            if (json) {
                output.json(products);
                return 0;
            }
            if (products.isEmpty()) {
                output.line(domain == null ? "No data products yet. Apply one with: mesh apply -f product.yaml"
                        : "No data products in domain '" + domain + "'.");
                return 0;
            }
            output.table(List.of("ID", "NAME", "OWNER", "VERSION", "SENSITIVITY", "REVISION"),
                    products.stream().map(p -> List.of(Documents.text(p, "id"), Documents.text(p, "name"),
                            Documents.textOr(p, "owner_team", "-"), Documents.textOr(p, "version", "-"),
                            Documents.text(p, "sensitivity"), Documents.text(p, "revision"))).toList());
            return 0;
        }
    }
}
