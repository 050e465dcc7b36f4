package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;

/**
 * A Meshwork workspace on disk: {@code mesh.yaml} (configuration), {@code meta.db} (the metadata store),
 * {@code lake/} (product tables), {@code tmp/} (engine spill space). Created on first use.
 */
public final class Workspace {
    public static final String HOME_ENV = "MESH_HOME";
    public static final String DEFAULT_HOME = ".meshwork";
    public static final String CONFIG_FILE = "mesh.yaml";
    public static final String METADATA_FILE = "meta.db";
    public static final String LAKE_DIRECTORY = "lake";

    private final Path home;
    private final WorkspaceConfig config;

    private Workspace(Path home, WorkspaceConfig config) {
        this.home = home;
        this.config = config;
    }

    /**
     * The workspace directory to use: the explicit one if given, else {@code $MESH_HOME}, else {@code ./.meshwork}.
     */
    public static Path locate(Optional<Path> explicit, Map<String, String> environment) {
        return explicit.or(() -> Optional.ofNullable(environment.get(HOME_ENV)).filter(s -> !s.isBlank()).map(Path::of))
                .orElse(Path.of(DEFAULT_HOME))
                .toAbsolutePath()
                .normalize();
    }

    /** Opens the workspace at {@code home}, creating it with a default {@code mesh.yaml} when it does not exist. */
    public static Workspace openOrCreate(Path home) {
        requireNonNull(home, "home is null");
        Path configFile = home.resolve(CONFIG_FILE);
        try {
            Files.createDirectories(home);
            if (!Files.exists(configFile)) {
                Files.writeString(configFile, defaultConfig(currentOsUser()), StandardCharsets.UTF_8);
            }
            String text = Files.readString(configFile, StandardCharsets.UTF_8);
            WorkspaceConfig config = WorkspaceConfigParser.parse(configFile.toString(), text, home);
            Files.createDirectories(home.resolve(LAKE_DIRECTORY));
            Files.createDirectories(config.engine().tempDirectory());
            return new Workspace(home, config);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidConfigurationException(configFile + ": is not valid UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open workspace " + home + ": " + e.getMessage(), e);
        }
    }

    /** The {@code mesh.yaml} written into a new workspace: the user who creates it administers it. */
    public static String defaultConfig(UserName admin) {
        return """
                # Meshwork workspace configuration. Unknown keys are errors.
                environment: dev            # dev | staging | prod; PII is always masked outside prod
                default_user: %1$s          # who acts when neither --as nor MESH_USER is given
                platform_admins: [%1$s]     # may change global policies and any domain, and read every product
                auditors: []                # read metadata and the audit log, never data
                service_accounts: {}        # machine principals: name: {description: ...}; add them to teams
                teams: {}                   # team-name: {members: [user, ...]}
                storage_roots:              # where descriptor storage locations live on this machine
                  "s3://": lake/s3
                  "gs://": lake/gs
                  "abfss://": lake/abfss
                engine:
                  memory_limit: 4GB
                  threads: 2
                encryption:                 # encryption at rest of products with spec.security.encryption_at_rest
                  master_key_file: keys/master.key  # created (0600) on first use; in production prefer
                                                    # master_key_env: MESH_MASTER_KEY (a base64 256-bit key)
                notifications:              # alerts: runs that fail, time out or fail quality checks; SLA breaches
                  log: true                 # every alert to the log
                  webhooks: []              # every alert, e.g. - {url: "http://127.0.0.1:9000/hooks/meshwork", format: json}
                  channels: {}              # per product, by spec.ownership.communication_channel, e.g.
                                            #   "#sales-data": {url: "https://hooks.slack.com/services/...", format: slack}
                """.formatted(admin);
    }

    private static UserName currentOsUser() {
        String name = System.getProperty("user.name", "admin").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._@-]", "-");
        return UserName.of(name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "admin" : name);
    }

    public Path home() {
        return home;
    }

    public WorkspaceConfig config() {
        return config;
    }

    public Path metadataFile() {
        return home.resolve(METADATA_FILE);
    }

    public Path lake() {
        return home.resolve(LAKE_DIRECTORY);
    }

    /**
     * Where a product's table lives. Without a declared location: {@code lake/<domain>/<name>}. A declared location
     * resolves through the storage roots; a location ending in {@code /} is a directory the table goes into (as in the
     * guide's {@code s3://company-datalake/marketing/}), otherwise it is the table's own directory.
     */
    public ResolvedLocation resolveTableLocation(ProductId id, Optional<String> declared) {
        if (declared.isEmpty()) {
            Path path = lake().resolve(id.domain().value()).resolve(id.name());
            return new ResolvedLocation(Optional.empty(), path, Optional.empty());
        }
        String location = declared.get();
        String relative;
        Optional<StorageRoot> root;
        if (location.startsWith("file:")) {
            root = Optional.empty();
            relative = location.substring("file:".length()).replaceFirst("^//", "");
        } else if (location.contains("://")) {
            root = config.storageRootFor(location);
            if (root.isEmpty()) {
                throw new InvalidConfigurationException("no storage root in " + home.resolve(CONFIG_FILE)
                        + " maps location '" + location + "': add one under storage_roots, e.g. \""
                        + location.substring(0, location.indexOf("://") + 3) + "\": lake/"
                        + location.substring(0, location.indexOf("://")));
            }
            relative = location.substring(root.get().prefix().length());
        } else {
            root = Optional.empty();
            relative = location;
        }
        Path base = root.map(StorageRoot::directory).orElse(home);
        Path path = relative.isEmpty() ? base : base.resolve(relative).normalize();
        if (!path.startsWith(base)) {
            throw new InvalidConfigurationException("location '" + location + "' leaves its storage root " + base);
        }
        if (location.endsWith("/") || relative.isEmpty()) {
            path = path.resolve(id.name());
        }
        return new ResolvedLocation(Optional.of(location), path, root);
    }

    /** Where the table of a product lives on this machine, and how it was worked out. */
    public record ResolvedLocation(Optional<String> declared, Path path, Optional<StorageRoot> root) {
        /** A sentence for apply's output, e.g. {@code s3://bucket/x/ → /ws/lake/s3/bucket/x/p (storage root "s3://")}. */
        public String describe() {
            return declared.map(d -> d + " → " + path + root.map(r -> " (storage root \"" + r.prefix() + "\" → "
                    + r.directory() + ")").orElse("")).orElse(path.toString());
        }
    }

    /** The domain directory in the default lake layout. */
    public Path domainDirectory(DomainName domain) {
        return lake().resolve(domain.value());
    }
}
