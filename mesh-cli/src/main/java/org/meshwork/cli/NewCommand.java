package org.meshwork.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshwork.api.DomainName;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh new}: scaffolds resources from templates. */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Scaffold a new resource from a template.",
        subcommands = NewCommand.NewProductCommand.class)
final class NewCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name what to scaffold, e.g. 'mesh new product sales/orders'");
    }

    /** {@code mesh new product DOMAIN/NAME}: a working descriptor, its transform SQL and sample data. */
    @Command(name = "product", mixinStandardHelpOptions = true,
            description = "Scaffold a data product: product.yaml, transform.sql and data/sample.csv that validate, apply and run as they are.")
    static final class NewProductCommand implements Callable<Integer> {
        private static final String TEMPLATES = "/org/meshwork/cli/templates/";

        @ParentCommand
        NewCommand parent;

        @Parameters(index = "0", paramLabel = "DOMAIN/NAME", description = "The product's domain and name, e.g. sales/orders.")
        String qualifiedName;

        @Option(names = "--dir", paramLabel = "DIR", description = "Where to write (default: ./NAME). Must not exist.")
        Path directory;

        @Option(names = "--owner-team", paramLabel = "TEAM", description = "The owning team (default: DOMAIN-team).")
        String ownerTeam;

        @Override
        public Integer call() throws IOException {
            String[] parts = qualifiedName.split("/", -1);
            InvalidArgumentException.check(parts.length == 2, "'%s' is not DOMAIN/NAME, e.g. sales/orders", qualifiedName);
            ProductId id = ProductId.of(DomainName.of(parts[0]), parts[1]);
            TeamName team = TeamName.of(ownerTeam == null ? parts[0] + "-team" : ownerTeam);
            Path target = (directory == null ? Path.of(id.name()) : directory).toAbsolutePath().normalize();
            InvalidArgumentException.check(!Files.exists(target), "%s already exists; choose another --dir", target);

            Map<String, String> values = Map.of(
                    "id", id.toString(), "name", id.name(), "domain", id.domain().value(),
                    "owner_team", team.value(), "display_name", displayName(id.name()), "dir", target.toString());
            Files.createDirectories(target.resolve("data"));
            write(target.resolve("product.yaml"), "product.yaml", values);
            write(target.resolve("transform.sql"), "transform.sql", values);
            write(target.resolve("data/sample.csv"), "sample.csv", values);

            Output output = parent.mesh.output();
            output.line("Created " + output.style("bold", id.toString()) + " in " + target + ":");
            output.line("  product.yaml     the descriptor: owner, sources, transform, schema, SLA, checks");
            output.line("  transform.sql    the SQL that builds the product from its sources");
            output.line("  data/sample.csv  sample input so the product runs as it is");
            output.line("Next: mesh validate " + target + "  and  mesh apply -f " + target);
            return 0;
        }

        private static String displayName(String name) {
            StringBuilder text = new StringBuilder();
            for (String word : name.split("[-_]")) {
                if (!word.isEmpty()) {
                    text.append(text.length() == 0 ? "" : " ")
                            .append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
                }
            }
            return text.toString();
        }

        private static void write(Path file, String template, Map<String, String> values) {
            try (InputStream in = NewCommand.class.getResourceAsStream(TEMPLATES + template)) {
                if (in == null) {
                    throw new IllegalStateException("template " + template + " is missing from the installation");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace("${" + value.getKey() + "}", value.getValue());
                }
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
