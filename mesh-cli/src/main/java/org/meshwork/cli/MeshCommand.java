package org.meshwork.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code mesh} command: global options, and the subcommands. */
@Command(
        name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Meshwork: a self-serve data mesh platform. Domain teams describe data products in YAML; "
                + "the platform provisions, runs, governs and serves them.",
        subcommands = {
                ValidateCommand.class,
                ApplyCommand.class,
                ListCommand.class,
                ShowCommand.class,
                DomainsCommand.class,
                SearchCommand.class,
                LineageCommand.class,
                DocsCommand.class,
                CatalogCommand.class,
                RunCommand.class,
                RunsCommand.class,
                PreviewCommand.class,
                QualityCommand.class,
                SlaCommand.class,
                SchedulerCommand.class,
                NewCommand.class,
                DemoCommand.class,
                picocli.CommandLine.HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure", "2:invalid input (descriptor, argument, configuration)"})
public final class MeshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-w", "--workspace"}, scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Workspace directory (default: $MESH_HOME, else ./.meshwork). Created on first use.")
    Path workspace;

    @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "Act as this user (default: $MESH_USER, else the workspace's default_user).")
    String actingUser;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never use colours (also: NO_COLOR set).")
    boolean noColour;

    private final Map<String, String> environment;

    public MeshCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    Map<String, String> environment() {
        return environment;
    }

    Path workspaceHome() {
        return Workspace.locate(Optional.ofNullable(workspace), environment);
    }

    Mesh openMesh() {
        return Mesh.open(workspaceHome(), environment);
    }

    Optional<String> actingUser() {
        return Optional.ofNullable(actingUser);
    }

    boolean colour() {
        return !noColour && !environment.containsKey("NO_COLOR");
    }

    boolean debug() {
        return "1".equals(environment.get("MESH_DEBUG"));
    }

    Output output() {
        return new Output(spec.commandLine().getOut(), colour());
    }
}
