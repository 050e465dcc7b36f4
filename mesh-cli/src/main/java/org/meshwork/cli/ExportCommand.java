package org.meshwork.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.catalog.CatalogService;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.schedule.AirflowDag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh export airflow ID}: hands a product's orchestration to another tool. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export what another tool needs to orchestrate a product. 'airflow': the DAG (Python) that runs "
                + "'mesh run ID' on the product's schedule, for products with orchestration.tool: airflow (Meshwork's "
                + "scheduler leaves those to Airflow).")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Parameters(index = "0", paramLabel = "TOOL", description = "airflow")
    String tool;

    @Parameters(index = "1", paramLabel = "ID", description = "Product id, e.g. dp.marketing.marketing-campaign-data.")
    String product;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the DAG to FILE (e.g. into Airflow's "
            + "dags folder) instead of printing it.")
    Path output;

    @Option(names = "--mesh-command", paramLabel = "PATH", defaultValue = "mesh",
            description = "How the Airflow worker starts mesh (default: ${DEFAULT-VALUE}, on its PATH).")
    String meshCommand;

    @Option(names = "--run-as", paramLabel = "USER", description = "The user the DAG's runs act as: an owner of the "
            + "product or a platform admin (default: the acting user of this command).")
    String runAs;

    @Override
    public Integer call() {
        if (!tool.equals(AirflowDag.TOOL)) {
            throw new InvalidArgumentException("cannot export for '" + tool + "': the only tool is " + AirflowDag.TOOL);
        }
        ProductId id = ProductId.parse(product);
        try (Mesh opened = mesh.openMesh()) {
            UserName actor = opened.actor(mesh.actingUser(), mesh.environment());
            if (!opened.mayDiscover(actor).test(id)) {
                throw new NoSuchProductException(id);
            }
            VersionedProduct current = opened.products().get(id);
            if (!AirflowDag.orchestratedByAirflow(current.definition())) {
                throw new InvalidArgumentException(id + " is run by Meshwork's scheduler: its orchestration.tool is not "
                        + "airflow (set spec.orchestration.tool: airflow and apply, then export its DAG)");
            }
            List<String> command = new ArrayList<>(List.of(meshCommand, "--workspace",
                    opened.workspace().home().toAbsolutePath().normalize().toString()));
            command.add("--as");
            command.add(runAs != null ? UserName.of(runAs).toString() : actor.toString());
            String dag = AirflowDag.render(current, command);
            if (output == null) {
                mesh.output().writer().print(dag);
                mesh.output().writer().flush();
            } else {
                CatalogService.write(output, dag);
                mesh.output().line("Wrote " + output.toAbsolutePath() + " (Airflow DAG " + id + ")");
            }
            return 0;
        }
    }
}
