package org.meshwork.cli;

import java.util.concurrent.Callable;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mesh catalog}: maintenance of the catalog's derived data. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Maintain the catalog.",
        subcommands = {CatalogCommand.Reindex.class})
final class CatalogCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Override
    public Integer call() {
        mesh.spec.commandLine().getSubcommands().get("catalog").usage(mesh.spec.commandLine().getOut());
        return 0;
    }

    /** {@code mesh catalog reindex}. */
    @Command(name = "reindex", mixinStandardHelpOptions = true,
            description = "Rebuild the search index and the stored lineage of every product's current version from the "
                    + "metadata store (searches also rebuild a missing or stale index on their own).")
    static final class Reindex implements Callable<Integer> {
        @ParentCommand
        CatalogCommand catalog;

        @Override
        public Integer call() {
            try (Mesh opened = catalog.mesh.openMesh()) {
                int entries = opened.catalog().reindex();
                catalog.mesh.output().line("Reindexed " + entries + (entries == 1 ? " entry" : " entries")
                        + " (domains, products and glossary terms) in " + opened.workspace().home().resolve("index"));
                return 0;
            }
        }
    }
}
