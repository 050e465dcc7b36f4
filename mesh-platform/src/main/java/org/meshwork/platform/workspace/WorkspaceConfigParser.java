package org.meshwork.platform.workspace;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.EnumLabels;
import org.meshwork.api.Environment;
import org.meshwork.api.MeshException;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code mesh.yaml}. Strict, like Trino's config: an unknown or misplaced key is an error that names the file,
 * the line and the key, so a typo never silently falls back to a default.
 */
public final class WorkspaceConfigParser {
    public static final String ENVIRONMENT = "environment";
    public static final String DEFAULT_USER = "default_user";
    public static final String PLATFORM_ADMINS = "platform_admins";
    public static final String AUDITORS = "auditors";
    public static final String SERVICE_ACCOUNTS = "service_accounts";
    public static final String TEAMS = "teams";
    public static final String STORAGE_ROOTS = "storage_roots";
    public static final String ENGINE = "engine";
    public static final String SERVING = "serving";
    public static final String NOTIFICATIONS = "notifications";
    public static final String METADATA_STORE = "metadata_store";
    public static final String SERVER = "server";
    public static final String LINEAGE = "lineage";

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of(ENVIRONMENT, DEFAULT_USER, PLATFORM_ADMINS, AUDITORS, SERVICE_ACCOUNTS, TEAMS, STORAGE_ROOTS, ENGINE,
                    NOTIFICATIONS, METADATA_STORE, SERVING, SERVER, LINEAGE, EncryptionSettings.SECTION,
                    IdentitySettings.SECTION);
    private static final Set<String> SERVICE_ACCOUNT_KEYS = Set.of("description");
    private static final Set<String> TEAM_KEYS = Set.of("members", "description");
    private static final Set<String> ENGINE_KEYS = Set.of("memory_limit", "threads", "temp_directory");
    private static final Set<String> SERVING_KEYS =
            Set.of("row_limit", "query_timeout", "max_concurrent_queries_per_user", "session_pool_size",
                    "session_idle_timeout");
    private static final Set<String> NOTIFICATION_KEYS = Set.of("log", "webhooks", "channels");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "format");
    private static final Set<String> METADATA_STORE_KEYS = Set.of("type", "url", "credentials_env");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "shutdown_timeout", "scheduler_threads",
            "policy_interval", "retention_interval");
    private static final Set<String> LINEAGE_KEYS = Set.of("enabled", "namespace", "endpoint", "api_key_env");
    private static final Set<String> ENCRYPTION_KEYS = Set.of("master_key_env", "master_key_file", "staging_dir");

    private final String file;
    private final Path home;

    private WorkspaceConfigParser(String file, Path home) {
        this.file = file;
        this.home = home;
    }

    /**
     * Parses the text of a {@code mesh.yaml}; relative paths resolve against {@code home}, the workspace directory.
     */
    public static WorkspaceConfig parse(String file, String text, Path home) {
        return new WorkspaceConfigParser(file, home).parse(text);
    }

    private WorkspaceConfig parse(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10)
                .setCodePointLimit(1_000_000)
                .build();
        Node root;
        try {
            root = new Compose(settings).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            throw error(e.getProblemMark().map(m -> m.getLine() + 1).orElse(1), e.getProblem());
        } catch (YamlEngineException e) {
            throw new InvalidConfigurationException(file + ": " + e.getMessage());
        }
        if (root == null) {
            throw new InvalidConfigurationException(file + ": is empty; expected at least 'default_user'");
        }
        MappingNode top = mapping(root, "the top level");
        Map<String, Node> values = keys(top, TOP_LEVEL_KEYS, "");

        Environment environment = Environment.DEV;
        if (values.containsKey(ENVIRONMENT)) {
            Node node = values.get(ENVIRONMENT);
            environment = convert(node, ENVIRONMENT, () -> Environment.parse(scalar(node, ENVIRONMENT)));
        }
        Node userNode = values.get(DEFAULT_USER);
        if (userNode == null) {
            throw error(line(top), "'" + DEFAULT_USER + "' is missing: name the user that acts when no --as is given");
        }
        UserName defaultUser = convert(userNode, DEFAULT_USER, () -> UserName.of(scalar(userNode, DEFAULT_USER)));

        Set<UserName> admins = new LinkedHashSet<>();
        if (values.containsKey(PLATFORM_ADMINS)) {
            for (Node item : sequence(values.get(PLATFORM_ADMINS), PLATFORM_ADMINS)) {
                admins.add(convert(item, PLATFORM_ADMINS, () -> UserName.of(scalar(item, PLATFORM_ADMINS))));
            }
        }

        Set<UserName> auditors = userList(values, AUDITORS);
        Set<UserName> serviceAccounts = new LinkedHashSet<>();
        if (values.containsKey(SERVICE_ACCOUNTS)) {
            for (NodeTuple tuple : mapping(values.get(SERVICE_ACCOUNTS), SERVICE_ACCOUNTS).getValue()) {
                Node keyNode = tuple.getKeyNode();
                UserName account = convert(keyNode, SERVICE_ACCOUNTS,
                        () -> UserName.of(scalar(keyNode, SERVICE_ACCOUNTS)));
                if (!serviceAccounts.add(account)) {
                    throw error(line(keyNode), "duplicate key '" + SERVICE_ACCOUNTS + "." + account + "'");
                }
                if (!(tuple.getValueNode() instanceof ScalarNode scalar && scalar.getValue().isEmpty())) {
                    keys(mapping(tuple.getValueNode(), SERVICE_ACCOUNTS + "." + account), SERVICE_ACCOUNT_KEYS,
                            SERVICE_ACCOUNTS + "." + account + ".");
                }
            }
        }
        for (UserName admin : admins) {
            if (serviceAccounts.contains(admin)) {
                throw error(line(values.get(PLATFORM_ADMINS)), PLATFORM_ADMINS + ": '" + admin
                        + "' is a service account; platform admins must be people");
            }
        }

        Map<TeamName, Set<UserName>> teams = new LinkedHashMap<>();
        if (values.containsKey(TEAMS)) {
            for (NodeTuple tuple : mapping(values.get(TEAMS), TEAMS).getValue()) {
                Node keyNode = tuple.getKeyNode();
                TeamName team = convert(keyNode, TEAMS, () -> TeamName.of(scalar(keyNode, TEAMS)));
                if (teams.containsKey(team)) {
                    throw error(line(keyNode), "duplicate key '" + TEAMS + "." + team + "'");
                }
                String path = TEAMS + "." + team;
                Map<String, Node> teamValues = keys(mapping(tuple.getValueNode(), path), TEAM_KEYS, path + ".");
                Set<UserName> members = new LinkedHashSet<>();
                if (teamValues.containsKey("members")) {
                    for (Node member : sequence(teamValues.get("members"), path + ".members")) {
                        members.add(convert(member, path + ".members", () -> UserName.of(scalar(member, path + ".members"))));
                    }
                }
                teams.put(team, members);
            }
        }

        List<StorageRoot> roots = new ArrayList<>();
        if (values.containsKey(STORAGE_ROOTS)) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : mapping(values.get(STORAGE_ROOTS), STORAGE_ROOTS).getValue()) {
                String prefix = scalar(tuple.getKeyNode(), STORAGE_ROOTS);
                if (prefix.isBlank() || !seen.add(prefix)) {
                    throw error(line(tuple.getKeyNode()), STORAGE_ROOTS + ": prefix '" + prefix + "' is empty or repeated");
                }
                String directory = scalar(tuple.getValueNode(), STORAGE_ROOTS + "." + prefix);
                roots.add(new StorageRoot(prefix, resolve(directory)));
            }
        }

        EngineSettings engine = new EngineSettings(EngineSettings.MEMORY_LIMIT_DEFAULT, EngineSettings.THREADS_DEFAULT,
                home.resolve("tmp"));
        if (values.containsKey(ENGINE)) {
            Map<String, Node> engineValues = keys(mapping(values.get(ENGINE), ENGINE), ENGINE_KEYS, ENGINE + ".");
            String memory = engineValues.containsKey("memory_limit")
                    ? scalar(engineValues.get("memory_limit"), "engine.memory_limit") : engine.memoryLimit();
            if (!memory.matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)")) {
                throw error(line(engineValues.get("memory_limit")),
                        "engine.memory_limit '" + memory + "' is not a size such as 4GB, 512MB or 80%");
            }
            int threads = engine.threads();
            if (engineValues.containsKey("threads")) {
                Node node = engineValues.get("threads");
                threads = convert(node, "engine.threads", () -> Integer.parseInt(scalar(node, "engine.threads")));
                if (threads < 1) {
                    throw error(line(node), "engine.threads must be at least 1, got " + threads);
                }
            }
            Path temp = engineValues.containsKey("temp_directory")
                    ? resolve(scalar(engineValues.get("temp_directory"), "engine.temp_directory")) : engine.tempDirectory();
            engine = new EngineSettings(memory, threads, temp);
        }
        NotificationSettings notifications = values.containsKey(NOTIFICATIONS)
                ? notifications(values.get(NOTIFICATIONS)) : NotificationSettings.defaults();
        MetadataStoreSettings metadataStore = values.containsKey(METADATA_STORE)
                ? metadataStore(values.get(METADATA_STORE)) : MetadataStoreSettings.sqlite();
        ServingSettings serving = values.containsKey(SERVING) ? serving(values.get(SERVING)) : ServingSettings.defaults();
        ServerSettings server = values.containsKey(SERVER) ? server(values.get(SERVER)) : ServerSettings.defaults();
        LineageSettings lineage = values.containsKey(LINEAGE) ? lineage(values.get(LINEAGE)) : LineageSettings.defaults();
        EncryptionSettings encryption = values.containsKey(EncryptionSettings.SECTION)
                ? encryption(values.get(EncryptionSettings.SECTION), roots) : EncryptionSettings.defaults(home);
        IdentitySettings identity = values.containsKey(IdentitySettings.SECTION)
                ? new IdentitySectionParser(file).parse(values.get(IdentitySettings.SECTION), teams.keySet())
                : IdentitySettings.defaults();
        return new WorkspaceConfig(environment, defaultUser, admins, auditors, serviceAccounts, teams, roots, engine,
                notifications, metadataStore, serving, server, lineage, encryption, identity);
    }

    private MetadataStoreSettings metadataStore(Node node) {
        Map<String, Node> values = keys(mapping(node, METADATA_STORE), METADATA_STORE_KEYS, METADATA_STORE + ".");
        Node typeNode = values.get("type");
        if (typeNode == null) {
            throw error(line(node), METADATA_STORE + ": 'type' is missing (sqlite or postgresql)");
        }
        String typeText = scalar(typeNode, METADATA_STORE + ".type");
        MetadataStoreSettings.Type type = EnumLabels.fromLabel(MetadataStoreSettings.Type.class, typeText)
                .orElseThrow(() -> error(line(typeNode), METADATA_STORE + ".type '" + typeText
                        + "' is not one of sqlite, postgresql"));
        java.util.Optional<String> url = java.util.Optional.ofNullable(values.get("url"))
                .map(urlNode -> scalar(urlNode, METADATA_STORE + ".url"));
        java.util.Optional<String> credentials = java.util.Optional.ofNullable(values.get("credentials_env"))
                .map(envNode -> scalar(envNode, METADATA_STORE + ".credentials_env"));
        if (type == MetadataStoreSettings.Type.SQLITE) {
            if (url.isPresent() || credentials.isPresent()) {
                Node extra = values.containsKey("url") ? values.get("url") : values.get("credentials_env");
                throw error(line(extra), METADATA_STORE + ": the sqlite store is the workspace's meta.db and takes no "
                        + "url or credentials_env");
            }
            return MetadataStoreSettings.sqlite();
        }
        if (url.isEmpty()) {
            throw error(line(node), METADATA_STORE + ": 'url' is missing (jdbc:postgresql://host:port/database)");
        }
        if (!url.get().startsWith("jdbc:postgresql:")) {
            throw error(line(values.get("url")), METADATA_STORE + ".url must be a jdbc:postgresql:// URL, got '"
                    + url.get() + "'");
        }
        return new MetadataStoreSettings(type, url, credentials);
    }

    private Set<UserName> userList(Map<String, Node> values, String key) {
        Set<UserName> users = new LinkedHashSet<>();
        if (values.containsKey(key)) {
            for (Node item : sequence(values.get(key), key)) {
                UserName user = convert(item, key, () -> UserName.of(scalar(item, key)));
                if (!users.add(user)) {
                    throw error(line(item), key + ": '" + user + "' is listed twice");
                }
            }
        }
        return users;
    }

    private ServingSettings serving(Node node) {
        Map<String, Node> values = keys(mapping(node, SERVING), SERVING_KEYS, SERVING + ".");
        ServingSettings defaults = ServingSettings.defaults();
        long rowLimit = defaults.rowLimit();
        if (values.containsKey("row_limit")) {
            Node value = values.get("row_limit");
            rowLimit = convert(value, "serving.row_limit", () -> Long.parseLong(scalar(value, "serving.row_limit")));
            if (rowLimit < 1) {
                throw error(line(value), "serving.row_limit must be at least 1, got " + rowLimit);
            }
        }
        java.time.Duration timeout = defaults.queryTimeout();
        if (values.containsKey("query_timeout")) {
            Node value = values.get("query_timeout");
            timeout = convert(value, "serving.query_timeout", () -> org.meshwork.api.descriptor.DurationSpec
                    .parse(scalar(value, "serving.query_timeout")).duration());
            if (timeout.isZero() || timeout.isNegative()) {
                throw error(line(value), "serving.query_timeout must be positive, e.g. 30s or 2m");
            }
        }
        int concurrent = defaults.maxConcurrentQueriesPerUser();
        if (values.containsKey("max_concurrent_queries_per_user")) {
            Node value = values.get("max_concurrent_queries_per_user");
            String what = "serving.max_concurrent_queries_per_user";
            concurrent = convert(value, what, () -> Integer.parseInt(scalar(value, what)));
            if (concurrent < 1) {
                throw error(line(value), what + " must be at least 1, got " + concurrent);
            }
        }
        int poolSize = defaults.sessionPoolSize();
        if (values.containsKey("session_pool_size")) {
            Node value = values.get("session_pool_size");
            String what = "serving.session_pool_size";
            poolSize = convert(value, what, () -> Integer.parseInt(scalar(value, what)));
            if (poolSize < 0) {
                throw error(line(value), what + " must be 0 (no pooling) or more, got " + poolSize);
            }
        }
        java.time.Duration idle = defaults.sessionIdleTimeout();
        if (values.containsKey("session_idle_timeout")) {
            Node value = values.get("session_idle_timeout");
            String what = "serving.session_idle_timeout";
            idle = convert(value, what, () -> org.meshwork.api.descriptor.DurationSpec.parse(scalar(value, what)).duration());
            if (idle.isZero() || idle.isNegative()) {
                throw error(line(value), what + " must be positive, e.g. 30s or 5m");
            }
        }
        return new ServingSettings(rowLimit, timeout, concurrent, poolSize, idle);
    }

    private ServerSettings server(Node node) {
        Map<String, Node> values = keys(mapping(node, SERVER), SERVER_KEYS, SERVER + ".");
        ServerSettings server = ServerSettings.defaults();
        if (values.containsKey("host")) {
            Node host = values.get("host");
            String text = scalar(host, "server.host");
            server = convert(host, "server.host", () -> ServerSettings.defaults().withHost(text));
        }
        if (values.containsKey("port")) {
            Node port = values.get("port");
            ServerSettings base = server;
            server = convert(port, "server.port",
                    () -> base.withPort(ServerSettings.parseInt("server.port", scalar(port, "server.port"))));
        }
        if (values.containsKey("shutdown_timeout")) {
            Node timeout = values.get("shutdown_timeout");
            ServerSettings base = server;
            server = convert(timeout, "server.shutdown_timeout", () -> base.withShutdownTimeout(
                    ServerSettings.parseDuration("server.shutdown_timeout", scalar(timeout, "server.shutdown_timeout"))));
        }
        if (values.containsKey("scheduler_threads")) {
            Node threads = values.get("scheduler_threads");
            ServerSettings base = server;
            server = convert(threads, "server.scheduler_threads", () -> base.withSchedulerThreads(
                    ServerSettings.parseInt("server.scheduler_threads", scalar(threads, "server.scheduler_threads"))));
        }
        if (values.containsKey("policy_interval")) {
            Node interval = values.get("policy_interval");
            ServerSettings base = server;
            server = convert(interval, "server.policy_interval", () -> base.withPolicyInterval(
                    ServerSettings.parseDuration("server.policy_interval", scalar(interval, "server.policy_interval"))));
        }
        if (values.containsKey("retention_interval")) {
            Node interval = values.get("retention_interval");
            ServerSettings base = server;
            server = convert(interval, "server.retention_interval", () -> base.withRetentionInterval(
                    ServerSettings.parseDuration("server.retention_interval",
                            scalar(interval, "server.retention_interval"))));
        }
        return server;
    }

    /**
     * The master key must never live in the lake: a key file (or the staging directory, which holds plaintext) inside
     * the lake or a storage root is refused, since a copy of the lake would then carry its own key.
     */
    private EncryptionSettings encryption(Node node, List<StorageRoot> roots) {
        String section = EncryptionSettings.SECTION;
        Map<String, Node> values = keys(mapping(node, section), ENCRYPTION_KEYS, section + ".");
        Optional<String> env = Optional.empty();
        Optional<Path> file = Optional.empty();
        if (values.containsKey("master_key_env")) {
            Node envNode = values.get("master_key_env");
            String text = scalar(envNode, section + ".master_key_env");
            if (!text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw error(line(envNode), section + ".master_key_env must name an environment variable, e.g."
                        + " MESH_MASTER_KEY; got '" + text + "'");
            }
            env = Optional.of(text);
        }
        if (values.containsKey("master_key_file")) {
            Node fileNode = values.get("master_key_file");
            String text = scalar(fileNode, section + ".master_key_file");
            if (text.isBlank()) {
                throw error(line(fileNode), section + ".master_key_file is empty; give the path of the key file");
            }
            if (env.isPresent()) {
                throw error(line(fileNode), section + ": give master_key_env or master_key_file, not both");
            }
            Path path = resolve(text).toAbsolutePath().normalize();
            outsideLake(path, roots, line(fileNode), section + ".master_key_file");
            file = Optional.of(path);
        }
        if (env.isEmpty() && file.isEmpty()) {
            throw error(line(node), section + ": name where the master key comes from: master_key_env (an environment"
                    + " variable holding a base64 256-bit key; for production) or master_key_file (a key file outside"
                    + " every storage root)");
        }
        Optional<Path> staging = Optional.empty();
        if (values.containsKey("staging_dir")) {
            Node stagingNode = values.get("staging_dir");
            String text = scalar(stagingNode, section + ".staging_dir");
            if (text.isBlank()) {
                throw error(line(stagingNode), section + ".staging_dir is empty; give a memory-backed directory,"
                        + " e.g. /dev/shm");
            }
            Path path = resolve(text).toAbsolutePath().normalize();
            outsideLake(path, roots, line(stagingNode), section + ".staging_dir");
            staging = Optional.of(path);
        }
        return new EncryptionSettings(env, file, staging, true);
    }

    private void outsideLake(Path path, List<StorageRoot> roots, int line, String what) {
        Path lake = home.resolve(Workspace.LAKE_DIRECTORY).toAbsolutePath().normalize();
        if (path.startsWith(lake)) {
            throw error(line, what + " " + path + " lies inside the lake " + lake + ": keep it outside every storage"
                    + " location, e.g. in the workspace's keys/ directory or a secrets mount");
        }
        for (StorageRoot root : roots) {
            if (path.startsWith(root.directory().toAbsolutePath().normalize())) {
                throw error(line, what + " " + path + " lies inside storage root \"" + root.prefix() + "\" ("
                        + root.directory() + "): keep it outside every storage location, e.g. in the workspace's"
                        + " keys/ directory or a secrets mount");
            }
        }
    }

    private LineageSettings lineage(Node node) {
        Map<String, Node> values = keys(mapping(node, LINEAGE), LINEAGE_KEYS, LINEAGE + ".");
        boolean enabled = LineageSettings.ENABLED_DEFAULT;
        if (values.containsKey("enabled")) {
            Node enabledNode = values.get("enabled");
            String text = scalar(enabledNode, LINEAGE + ".enabled");
            if (!text.equals("true") && !text.equals("false")) {
                throw error(line(enabledNode), LINEAGE + ".enabled must be true or false, got '" + text + "'");
            }
            enabled = Boolean.parseBoolean(text);
        }
        String namespace = LineageSettings.NAMESPACE_DEFAULT;
        if (values.containsKey("namespace")) {
            Node namespaceNode = values.get("namespace");
            namespace = scalar(namespaceNode, LINEAGE + ".namespace");
            if (namespace.isBlank()) {
                throw error(line(namespaceNode), LINEAGE + ".namespace is empty; name the OpenLineage job namespace,"
                        + " e.g. meshwork-prod");
            }
        }
        Optional<URI> endpoint = Optional.empty();
        if (values.containsKey("endpoint")) {
            Node endpointNode = values.get("endpoint");
            String text = scalar(endpointNode, LINEAGE + ".endpoint");
            URI uri = convert(endpointNode, LINEAGE + ".endpoint", () -> URI.create(text));
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw error(line(endpointNode), LINEAGE + ".endpoint must be an http:// or https:// URL, e.g."
                        + " http://marquez:5000/api/v1/lineage; got '" + text + "'");
            }
            endpoint = Optional.of(uri);
        }
        Optional<String> apiKeyEnv = Optional.empty();
        if (values.containsKey("api_key_env")) {
            Node keyNode = values.get("api_key_env");
            String text = scalar(keyNode, LINEAGE + ".api_key_env");
            if (!text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw error(line(keyNode), LINEAGE + ".api_key_env must name an environment variable; got '" + text + "'");
            }
            if (endpoint.isEmpty()) {
                throw error(line(keyNode), LINEAGE + ".api_key_env needs lineage.endpoint: files need no key");
            }
            apiKeyEnv = Optional.of(text);
        }
        return new LineageSettings(enabled, namespace, endpoint, apiKeyEnv);
    }

    private NotificationSettings notifications(Node node) {
        Map<String, Node> values = keys(mapping(node, NOTIFICATIONS), NOTIFICATION_KEYS, NOTIFICATIONS + ".");
        boolean log = NotificationSettings.LOG_DEFAULT;
        if (values.containsKey("log")) {
            Node logNode = values.get("log");
            String text = scalar(logNode, NOTIFICATIONS + ".log");
            if (!text.equals("true") && !text.equals("false")) {
                throw error(line(logNode), NOTIFICATIONS + ".log must be true or false, got '" + text + "'");
            }
            log = Boolean.parseBoolean(text);
        }
        List<WebhookEndpoint> webhooks = new ArrayList<>();
        if (values.containsKey("webhooks")) {
            List<Node> items = sequence(values.get("webhooks"), NOTIFICATIONS + ".webhooks");
            for (int i = 0; i < items.size(); i++) {
                webhooks.add(webhook(items.get(i), NOTIFICATIONS + ".webhooks[" + i + "]"));
            }
        }
        Map<String, WebhookEndpoint> channels = new LinkedHashMap<>();
        if (values.containsKey("channels")) {
            for (NodeTuple tuple : mapping(values.get("channels"), NOTIFICATIONS + ".channels").getValue()) {
                String channel = scalar(tuple.getKeyNode(), NOTIFICATIONS + ".channels");
                if (channel.isBlank()) {
                    throw error(line(tuple.getKeyNode()), NOTIFICATIONS + ".channels: a channel name is empty");
                }
                if (channels.containsKey(channel)) {
                    throw error(line(tuple.getKeyNode()), "duplicate key '" + NOTIFICATIONS + ".channels." + channel + "'");
                }
                channels.put(channel, webhook(tuple.getValueNode(), NOTIFICATIONS + ".channels." + channel));
            }
        }
        return new NotificationSettings(log, webhooks, channels);
    }

    private WebhookEndpoint webhook(Node node, String path) {
        Map<String, Node> values = keys(mapping(node, path), WEBHOOK_KEYS, path + ".");
        Node urlNode = values.get("url");
        if (urlNode == null) {
            throw error(line(node), path + ": 'url' is missing");
        }
        URI url = convert(urlNode, path + ".url", () -> URI.create(scalar(urlNode, path + ".url")));
        WebhookFormat format = WebhookFormat.JSON;
        if (values.containsKey("format")) {
            Node formatNode = values.get("format");
            String text = scalar(formatNode, path + ".format");
            format = EnumLabels.fromLabel(WebhookFormat.class, text).orElseThrow(() -> error(line(formatNode),
                    path + ".format '" + text + "' is not one of json, slack"));
        }
        WebhookFormat chosen = format;
        return convert(urlNode, path + ".url", () -> new WebhookEndpoint(url, chosen));
    }

    private Path resolve(String directory) {
        Path path = Path.of(directory);
        return (path.isAbsolute() ? path : home.resolve(path)).normalize();
    }

    private Map<String, Node> keys(MappingNode node, Set<String> allowed, String prefix) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            String key = scalar(tuple.getKeyNode(), prefix.isEmpty() ? "key" : prefix + "key");
            if (!allowed.contains(key)) {
                throw error(line(tuple.getKeyNode()), "unknown key '" + prefix + key + "'; expected one of "
                        + allowed.stream().sorted().toList());
            }
            if (result.containsKey(key)) {
                throw error(line(tuple.getKeyNode()), "duplicate key '" + prefix + key + "' (first at line "
                        + line(result.get(key)) + ")");
            }
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    private MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw error(line(node), what + " must be a mapping of keys to values");
    }

    private List<Node> sequence(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        throw error(line(node), what + " must be a list");
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error(line(node), what + " must be a single value");
    }

    private <T> T convert(Node node, String what, java.util.function.Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (MeshException | IllegalArgumentException e) {
            throw error(line(node), what + ": " + e.getMessage());
        }
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    private InvalidConfigurationException error(int line, String message) {
        return new InvalidConfigurationException(file + ":" + line + ": " + message);
    }
}
