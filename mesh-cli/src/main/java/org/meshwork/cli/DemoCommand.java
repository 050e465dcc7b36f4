package org.meshwork.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh demo}: sets up a throwaway workspace with the sample mesh and walks through it with the same commands a
 * platform team and domain teams would type, then serves it (web UI and REST API) and prints sign-in links for a
 * consumer and an owner; {@code --no-serve} stops after the walk-through, for scripts and CI.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Set up a throwaway workspace with the sample mesh (domains customer, product, sales, marketing) "
                + "and show what the platform does with it; then serve it and print sign-in links for the web UI "
                + "(Ctrl-C to stop), unless --no-serve.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Create the demo workspace here (must not exist or be empty; default: a new temporary directory).")
    Path directory;

    @Option(names = "--no-serve",
            description = "Do everything but serve: exit after the walk-through (for scripts and CI).")
    boolean noServe;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Serve the web UI and the API on this port (default: mesh.yaml's server port, 8080; 0: any free port).")
    Integer port;

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
    public Integer call() throws IOException, InterruptedException {
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

        output.line(output.style("faint", "-- every sample product declares encryption_at_rest: its files are AES-256-GCM"
                + " ciphertext under a per-product data key, wrapped by the master key " + home.resolve("keys/master.key")
                + " (created for this demo; production: encryption.master_key_env in mesh.yaml):"));
        run(output, home, "keys", "status");

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
        if (noServe) {
            output.line();
            output.line("Browse it in the web UI: ./mesh --workspace " + home + " serve, then sign in with a token from"
                    + " ./mesh --workspace " + home + " token create --user ana --as olivia");
            return 0;
        }
        step(output, "12. The catalog in the browser: the web UI and the REST API of this workspace");
        return serve(output, home);
    }

    /**
     * Serves the demo workspace like {@code mesh serve} and prints sign-in links for the consumer ana and for carol,
     * who owns dp.customer.360 and approves ana's requests: the links carry real API tokens (valid for a day), which
     * the UI moves into its session cookie at once.
     */
    private int serve(Output output, Path home) throws InterruptedException {
        Mesh opened = Mesh.open(home, mesh.environment());
        String consumer;
        String owner;
        ServerSettings settings;
        try {
            Principal admin = opened.principal(UserName.of("olivia"));
            consumer = token(opened, admin, "ana");
            owner = token(opened, admin, "carol");
            settings = opened.workspace().config().server().withEnvironment(mesh.environment());
            if (port != null) {
                settings = settings.withPort(port);
            }
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1"
                : settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return ServeCommand.serve(mesh, opened, settings, output, bound -> {
            String base = "http://" + host + ":" + bound + "/";
            output.line();
            output.line(output.style("bold", "Open the catalog in a browser:"));
            output.line("  as ana, a consumer:                 " + base + "?token=" + consumer);
            output.line("  as carol, owner of dp.customer.360: " + base + "?token=" + owner);
            output.line(output.style("faint", "Search 'customer', open Customer 360 View, ask for access as ana;"
                    + " sign out, open carol's link and approve; ana's Data preview then shows rows with PII masked."));
        });
    }

    private static String token(Mesh opened, Principal admin, String user) {
        return opened.access().createToken(admin, UserName.of(user), Optional.of(Duration.ofDays(1)),
                Optional.of("mesh demo sign-in link")).text();
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
