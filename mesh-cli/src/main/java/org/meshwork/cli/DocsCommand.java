package org.meshwork.cli;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.catalog.docs.DocsFormat;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.catalog.CatalogService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh docs}: a product's generated documentation page. */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "Print (or write) a product's documentation page: description, owners and contacts, schema with "
                + "column docs and classifications, SLA and its status, quality checks with latest results, lineage, "
                + "versions, and how to access it.")
final class DocsCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--format", defaultValue = "md", paramLabel = "FORMAT", description = "md or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the page to FILE instead of printing it.")
    Path output;

    @Option(names = "--open", description = "Write the HTML page (to --output, or into the workspace's docs/) and open it in a browser.")
    boolean open;

    @Override
    public Integer call() throws IOException {
        DocsFormat docsFormat = DocsFormat.fromLabel(format).orElseThrow(() -> new InvalidArgumentException(
                "--format must be md or html; got '" + format + "'"));
        if (open && docsFormat != DocsFormat.HTML && !format.equals("md")) {
            throw new InvalidArgumentException("--open shows the HTML page; drop --format " + format);
        }
        if (open) {
            docsFormat = DocsFormat.HTML;
        }
        ProductId id = product.productId();
        try (Mesh opened = mesh.openMesh()) {
            if (!opened.mayDiscover(opened.actor(mesh.actingUser(), mesh.environment())).test(id)
                    && !opened.products().get(id).definition().infrastructure().discovery()
                            .flatMap(d -> d.discoverable()).orElse(true)) {
                throw new NoSuchProductException(id);
            }
            String page = opened.catalog().docs(id, docsFormat);
            Path target = output != null ? output : open ? opened.catalog().docsFile(id, docsFormat) : null;
            if (target == null) {
                mesh.output().writer().print(page);
                mesh.output().writer().flush();
                return 0;
            }
            CatalogService.write(target, page);
            mesh.output().line("Wrote " + target.toAbsolutePath());
            if (open) {
                if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                    Desktop.getDesktop().browse(target.toAbsolutePath().toUri());
                } else {
                    mesh.output().line("No desktop browser is available here; open " + target.toAbsolutePath().toUri()
                            + " yourself.");
                }
            }
            return 0;
        }
    }
}
