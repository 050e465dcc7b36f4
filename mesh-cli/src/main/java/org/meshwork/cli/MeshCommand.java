package org.meshwork.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.server.GovernedServices;
import org.meshwork.server.ServerServices;
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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure", "2:invalid input (descriptor, argument, configuration)"})
public final class MeshCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order help lists them. They are not in the {@code @Command} annotation: {@link Main}
     * adds only the one a command line names (building every command's model by reflection costs a one-shot command
     * ~0.2 s of CPU), and all of them for help and for anything it cannot tell.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            GetCommand.class,
            QueryCommand.class,
            QualityCommand.class,
            SlaCommand.class,
            PolicyCommand.class,
            RetentionCommand.class,
            KeysCommand.class,
            SchedulerCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            TokenCommand.class,
            GrantCommand.class,
            GrantCommand.Revoke.class,
            GrantCommand.ListGrants.class,
            AccessCommand.class,
            AuditCommand.class,
            NewCommand.class,
            DemoCommand.class,
            picocli.CommandLine.HelpCommand.class);

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

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Run list, show, get, query, quality and runs against a `mesh serve` at this URL "
                    + "(default: $MESH_SERVER; unset: the local workspace).")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "Bearer token for --server (default: $MESH_TOKEN).")
    String token;

    /** The environment variable naming the server of remote mode. */
    static final String SERVER_ENV = "MESH_SERVER";
    /** The environment variable holding the bearer token of remote mode. */
    static final String TOKEN_ENV = "MESH_TOKEN";

    private final Map<String, String> environment;
    private final Function<Mesh, ServerServices> governed;

    public MeshCommand(Map<String, String> environment) {
        this(environment, GovernedServices::of);
    }

    /** For tests: the governed read path and access control the embedded mode uses. */
    MeshCommand(Map<String, String> environment, Function<Mesh, ServerServices> governed) {
        this.environment = Map.copyOf(environment);
        this.governed = governed;
    }

    /**
     * The mesh the read commands talk to: the server of {@code --server} / {@code $MESH_SERVER} with the token of
     * {@code --token} / {@code $MESH_TOKEN}, else the local workspace as the acting user.
     */
    MeshClient client() {
        Optional<String> url = remote();
        if (url.isPresent()) {
            String credential = Optional.ofNullable(token).orElse(environment.get(TOKEN_ENV));
            return new RemoteMeshClient(url.get(), credential);
        }
        Mesh mesh = Mesh.open(workspaceHome(), environment);
        try {
            return new EmbeddedMeshClient(mesh, mesh.actor(actingUser(), environment), governed);
        } catch (RuntimeException e) {
            mesh.close();
            throw e;
        }
    }

    private Optional<String> remote() {
        return Optional.ofNullable(server).or(() -> Optional.ofNullable(environment.get(SERVER_ENV))).filter(s -> !s.isBlank());
    }

    Function<Mesh, ServerServices> governed() {
        return governed;
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
        if (remote().isPresent()) {
            throw new InvalidArgumentException("'" + spec.commandLine().getParseResult().subcommand().commandSpec().name()
                    + "' runs on a local workspace only; remote mode (--server / $MESH_SERVER) covers list, show, get, "
                    + "query, quality and runs");
        }
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
