package org.meshwork.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.meshwork.api.DomainName;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh list}: the data products of the mesh. */
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
        try (Mesh opened = mesh.openMesh()) {
            List<VersionedProduct> products = domain == null
                    ? opened.products().list() : opened.products().list(DomainName.of(domain));
            Output output = mesh.output();
            if (json) {
                output.json(products.stream().map(JsonViews::summary).toList());
                return 0;
            }
            if (products.isEmpty()) {
                output.line(domain == null ? "No data products yet. Apply one with: mesh apply -f product.yaml"
                        : "No data products in domain '" + domain + "'.");
                return 0;
            }
            output.table(List.of("ID", "NAME", "OWNER", "VERSION", "SENSITIVITY", "REVISION"),
                    products.stream().map(product -> {
                        ProductDefinition d = product.definition();
                        return List.of(d.id().toString(), d.displayName(),
                                d.ownerTeam().map(Object::toString).orElse("-"),
                                d.version().map(Object::toString).orElse("-"), d.sensitivity().label(),
                                Long.toString(product.version()));
                    }).toList());
            return 0;
        }
    }
}
