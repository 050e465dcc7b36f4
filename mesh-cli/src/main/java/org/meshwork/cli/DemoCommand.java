package org.meshwork.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.meshwork.api.InvalidArgumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh demo}: sets up a throwaway workspace with the sample mesh and walks through it with the same commands a
 * platform team and domain teams would type.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Set up a throwaway workspace with the sample mesh (domains customer, product, sales, marketing) "
                + "and show what the platform does with it.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Create the demo workspace here (must not exist or be empty; default: a new temporary directory).")
    Path directory;

    /** Domain folders of the sample mesh in dependency order, each applied by a member of its owner team. */
    private static final List<String[]> DOMAIN_TEAMS = List.of(
            new String[] {"customer", "carol", "customer-domain-team"},
            new String[] {"product", "priya", "product-domain-team"},
            new String[] {"sales", "sam", "sales-domain-team"},
            new String[] {"marketing", "maria", "marketing-domain-team"});

    /** Products with pipelines, upstream first, each run by a member of its owner team. */
    private static final List<String[]> PIPELINES = List.of(
            new String[] {"dp.customer.360", "carol"},
            new String[] {"dp.product.catalog", "priya"},
            new String[] {"dp.product.usage-events", "priya"},
            new String[] {"dp.sales.orders", "sam"},
            new String[] {"dp.marketing.campaign-performance", "maria"});

    @Override
    public Integer call() throws IOException {
        Path home = prepare();
        Path examples = home.resolve("examples");
        SampleMesh.extract(examples);
        Files.copy(examples.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));

        Output output = mesh.output();
        output.line(output.style("bold", "Meshwork demo") + " — a throwaway workspace at " + home);
        output.line("The sample mesh (" + examples + ") has four domains owned by their own teams, the guide's six "
                + "global policies, and domain policies.");

        step(output, "1. The platform team publishes the global policies (as platform admin olivia)");
        run(output, home, "apply", "-f", examples.resolve("governance").toString(), "--as", "olivia");

        step(output, "2. Each domain team registers its domain and products itself, no tickets");
        for (String[] domain : DOMAIN_TEAMS) {
            output.line(output.style("faint", "-- " + domain[0] + " domain, applied by " + domain[1] + " of " + domain[2]));
            run(output, home, "apply", "-f", examples.resolve(domain[0]).toString(), "--as", domain[1]);
        }

        step(output, "3. Applying again changes nothing: descriptors are versioned by content");
        run(output, home, "apply", "-f", examples.resolve("customer").toString(), "--as", "carol");

        step(output, "4. Ownership is federated: marketing cannot change a sales product");
        int refused = run(output, home, "apply", "-f", examples.resolve("sales/orders.yaml").toString(), "--as", "maria");
        output.line(output.style("faint", "(exit code " + refused + ": refused, nothing written)"));

        step(output, "5. The mesh: domains and data products");
        run(output, home, "domains");
        output.line();
        run(output, home, "list");

        step(output, "6. A data product: discoverable, addressable, owned");
        run(output, home, "show", "dp.customer.360");

        step(output, "7. Each team runs its pipeline: sources → DuckDB → a Delta table version, published atomically");
        for (String[] product : PIPELINES) {
            run(output, home, "run", product[0], "--as", product[1]);
        }
        output.line(output.style("faint", "-- the guide's example asks for Spark, which this installation does not have:"));
        run(output, home, "run", "dp.marketing.marketing-campaign-data", "--as", "maria");

        step(output, "8. Bad source rows are quarantined with a reason, never dropped");
        run(output, home, "preview", "dp.sales.orders", "--quarantine", "--as", "sam");

        step(output, "9. Owners look at what they published; marketing's product reads sales' and customer's");
        run(output, home, "preview", "dp.marketing.campaign-performance", "--as", "maria");

        step(output, "10. Every run is recorded, and every quality check of every run");
        run(output, home, "runs", "dp.sales.orders");
        output.line();
        run(output, home, "quality", "dp.sales.orders");

        step(output, "11. Governance as code: every sales product against every policy that applies to it");
        run(output, home, "policy", "report", "--domain", "sales");

        output.line();
        output.line(output.style("bold", "Try it yourself:"));
        output.line("  ./mesh --workspace " + home + " list");
        output.line("  ./mesh --workspace " + home + " show dp.sales.orders --history");
        output.line("  ./mesh --workspace " + home + " run dp.sales.orders --as sam");
        output.line("  ./mesh --workspace " + home + " preview dp.sales.orders --version 0 --as sam");
        output.line("  ./mesh validate " + examples);
        output.line("  ./mesh --workspace " + home + " policy simulate FILE    # what a new policy would fail");
        return 0;
    }

    private Path prepare() throws IOException {
        if (directory == null) {
            return Files.createTempDirectory("meshwork-demo-");
        }
        Path home = directory.toAbsolutePath().normalize();
        if (Files.exists(home)) {
            try (Stream<Path> entries = Files.list(home)) {
                InvalidArgumentException.check(entries.findAny().isEmpty(), "%s is not empty; the demo needs a fresh directory", home);
            }
        }
        Files.createDirectories(home);
        return home;
    }

    private static void step(Output output, String title) {
        output.line();
        output.line(output.style("bold,cyan", "== " + title));
    }

    private int run(Output output, Path home, String... args) {
        List<String> command = new ArrayList<>(List.of("--workspace", home.toString()));
        command.addAll(List.of(args));
        if (!mesh.colour()) {
            command.add(0, "--no-color");
        }
        output.line(output.style("bold", "$ mesh " + String.join(" ", args)));
        PrintWriter out = output.writer();
        int code = Main.run(command.toArray(String[]::new), out, out, mesh.environment());
        out.flush();
        return code;
    }
}
