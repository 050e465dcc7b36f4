package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.meshwork.api.Environment;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.junit.jupiter.api.Test;

class WorkspaceConfigParserTest {
    private static final Path HOME = Path.of("/ws");

    private static WorkspaceConfig parse(String text) {
        return WorkspaceConfigParser.parse("/ws/mesh.yaml", text, HOME);
    }

    @Test
    void defaultConfigurationParses() {
        WorkspaceConfig config = parse(Workspace.defaultConfig(UserName.of("alice")));

        assertThat(config.environment()).isEqualTo(Environment.DEV);
        assertThat(config.defaultUser()).isEqualTo(UserName.of("alice"));
        assertThat(config.isPlatformAdmin(UserName.of("alice"))).isTrue();
        assertThat(config.storageRootFor("s3://bucket/x")).map(StorageRoot::directory).contains(Path.of("/ws/lake/s3"));
        assertThat(config.engine().memoryLimit()).isEqualTo("4GB");
        assertThat(config.engine().threads()).isEqualTo(2);
        assertThat(config.engine().tempDirectory()).isEqualTo(Path.of("/ws/tmp"));
    }

    @Test
    void fullConfigurationMapsEveryKey() {
        WorkspaceConfig config = parse("""
                environment: prod
                default_user: bob
                platform_admins: [root-admin]
                teams:
                  sales-team: {members: [bob, sue], description: Sales}
                  empty-team: {}
                storage_roots:
                  "s3://": /data/s3
                  "s3://special/": special
                engine: {memory_limit: 512MB, threads: 3, temp_directory: /scratch}
                """);

        assertThat(config.environment()).isEqualTo(Environment.PROD);
        assertThat(config.isMember(UserName.of("sue"), TeamName.of("sales-team"))).isTrue();
        assertThat(config.isMember(UserName.of("sue"), TeamName.of("empty-team"))).isFalse();
        assertThat(config.teamsOf(UserName.of("bob"))).containsExactly(TeamName.of("sales-team"));
        assertThat(config.isPlatformAdmin(UserName.of("bob"))).isFalse();
        // the longest matching prefix wins
        assertThat(config.storageRootFor("s3://special/a")).map(StorageRoot::directory).contains(Path.of("/ws/special"));
        assertThat(config.storageRootFor("s3://other/a")).map(StorageRoot::directory).contains(Path.of("/data/s3"));
        assertThat(config.storageRootFor("gs://x")).isEmpty();
        assertThat(config.engine()).isEqualTo(new EngineSettings("512MB", 3, Path.of("/scratch")));
    }

    @Test
    void theMetadataStoreIsSqliteByDefaultOrAPostgresqlDatabase() {
        assertThat(parse("default_user: bob\n").metadataStore()).isEqualTo(MetadataStoreSettings.sqlite());
        assertThat(parse("default_user: bob\nmetadata_store: {type: sqlite}\n").metadataStore())
                .isEqualTo(MetadataStoreSettings.sqlite());

        MetadataStoreSettings postgres = parse("default_user: bob\nmetadata_store:\n  type: postgresql\n"
                + "  url: jdbc:postgresql://db:5432/mesh\n  credentials_env: MESH_DB\n").metadataStore();

        assertThat(postgres.type()).isEqualTo(MetadataStoreSettings.Type.POSTGRESQL);
        assertThat(postgres.url()).contains("jdbc:postgresql://db:5432/mesh");
        assertThat(postgres.credentialsEnv()).contains("MESH_DB");
    }

    @Test
    void aMisconfiguredMetadataStoreNamesTheLineAndTheKey() {
        assertThatThrownBy(() -> parse("default_user: bob\nmetadata_store: {type: mysql}\n"))
                .hasMessageContaining(":2").hasMessageContaining("metadata_store.type 'mysql' is not one of sqlite, postgresql");
        assertThatThrownBy(() -> parse("default_user: bob\nmetadata_store:\n  type: postgresql\n"))
                .hasMessageContaining(":3").hasMessageContaining("'url' is missing");
        assertThatThrownBy(() -> parse("default_user: bob\nmetadata_store:\n  type: postgresql\n  url: jdbc:mysql://x/y\n"))
                .hasMessageContaining(":4").hasMessageContaining("must be a jdbc:postgresql:// URL");
        assertThatThrownBy(() -> parse("default_user: bob\nmetadata_store:\n  type: sqlite\n  url: jdbc:sqlite:x\n"))
                .hasMessageContaining(":4").hasMessageContaining("takes no url");
        assertThatThrownBy(() -> parse("default_user: bob\nmetadata_store:\n  type: postgresql\n  password: x\n"))
                .hasMessageContaining(":4").hasMessageContaining("unknown key 'metadata_store.password'");
    }

    @Test
    void unknownKeyIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nenviroment: prod\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("/ws/mesh.yaml:2")
                .hasMessageContaining("unknown key 'enviroment'");
    }

    @Test
    void unknownNestedKeyNamesItsPath() {
        assertThatThrownBy(() -> parse("default_user: bob\nengine:\n  threads: 2\n  memory: 1GB\n"))
                .hasMessageContaining(":4")
                .hasMessageContaining("unknown key 'engine.memory'");
    }

    @Test
    void invalidValuesAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nenvironment: production\n"))
                .hasMessageContaining(":2").hasMessageContaining("not one of dev, staging, prod");
        assertThatThrownBy(() -> parse("default_user: Bob Smith\n"))
                .hasMessageContaining(":1").hasMessageContaining("user name 'Bob Smith' is not valid");
        assertThatThrownBy(() -> parse("default_user: bob\nengine: {threads: 0}\n"))
                .hasMessageContaining(":2").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse("default_user: bob\nengine: {threads: many}\n"))
                .hasMessageContaining("engine.threads");
        assertThatThrownBy(() -> parse("default_user: bob\nengine: {memory_limit: lots}\n"))
                .hasMessageContaining("is not a size");
        assertThatThrownBy(() -> parse("default_user: bob\nteams: [a, b]\n"))
                .hasMessageContaining("teams must be a mapping");
    }

    @Test
    void missingDefaultUserAndEmptyFileAreErrors() {
        assertThatThrownBy(() -> parse("environment: dev\n")).hasMessageContaining("'default_user' is missing");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("is empty");
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysNameTheLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nteams: {a: [\n"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("/ws/mesh.yaml:");
        assertThatThrownBy(() -> parse("default_user: bob\ndefault_user: sue\n"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("duplicate");
    }

    @Test
    void notificationsDefaultToTheLogOnly() {
        assertThat(parse("default_user: bob\n").notifications()).isEqualTo(NotificationSettings.defaults());
        NotificationSettings defaults = parse(Workspace.defaultConfig(UserName.of("alice"))).notifications();
        assertThat(defaults.log()).isTrue();
        assertThat(defaults.webhooks()).isEmpty();
        assertThat(defaults.channels()).isEmpty();
    }

    @Test
    void notificationsMapEveryKey() {
        NotificationSettings notifications = parse("""
                default_user: bob
                notifications:
                  log: false
                  webhooks:
                    - {url: "http://127.0.0.1:9000/hooks/meshwork", format: json}
                    - {url: "https://alerts.example.com/in"}
                  channels:
                    "#sales-data": {url: "https://hooks.slack.com/services/T0/B0/x", format: slack}
                """).notifications();

        assertThat(notifications.log()).isFalse();
        assertThat(notifications.webhooks()).containsExactly(
                new WebhookEndpoint(URI.create("http://127.0.0.1:9000/hooks/meshwork"), WebhookFormat.JSON),
                new WebhookEndpoint(URI.create("https://alerts.example.com/in"), WebhookFormat.JSON));
        assertThat(notifications.channels()).containsExactly(Map.entry("#sales-data",
                new WebhookEndpoint(URI.create("https://hooks.slack.com/services/T0/B0/x"), WebhookFormat.SLACK)));
    }

    @Test
    void badNotificationsAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  log: true\n  email: x@y\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("/ws/mesh.yaml:4").hasMessageContaining("unknown key 'notifications.email'");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  log: yes please\n"))
                .hasMessageContaining(":3").hasMessageContaining("notifications.log must be true or false");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  webhooks:\n    - {url: \"ftp://h/x\"}\n"))
                .hasMessageContaining(":4").hasMessageContaining("notifications.webhooks[0].url")
                .hasMessageContaining("not an http or https URL");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  webhooks:\n    - {url: \"http://h/x\", format: xml}\n"))
                .hasMessageContaining(":4").hasMessageContaining("format 'xml' is not one of json, slack");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  webhooks:\n    - {format: json}\n"))
                .hasMessageContaining(":4").hasMessageContaining("'url' is missing");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  webhooks:\n    - {url: \"http://h/x\", secret: s}\n"))
                .hasMessageContaining(":4").hasMessageContaining("unknown key 'notifications.webhooks[0].secret'");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  channels:\n\n    \"#a\": {url: \"http://h x\"}\n"))
                .hasMessageContaining(":5").hasMessageContaining("notifications.channels.#a.url");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  channels:\n    \"#a\": {url: \"http:///x\"}\n"))
                .hasMessageContaining(":4").hasMessageContaining("names no host");
        assertThatThrownBy(() -> parse("default_user: bob\nnotifications:\n  webhooks: {url: \"http://h/x\"}\n"))
                .hasMessageContaining(":3").hasMessageContaining("notifications.webhooks must be a list");
    }

    @Test
    void servingLimitsHaveDefaultsAndCanBeSet() {
        assertThat(parse("default_user: bob\n").serving()).isEqualTo(ServingSettings.defaults());

        ServingSettings serving = parse("""
                default_user: bob
                serving: {row_limit: 5000, query_timeout: 30s, max_concurrent_queries_per_user: 2}
                """).serving();

        assertThat(serving.rowLimit()).isEqualTo(5000);
        assertThat(serving.queryTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(serving.maxConcurrentQueriesPerUser()).isEqualTo(2);
        assertThat(serving.sessionPoolSize()).isEqualTo(ServingSettings.SESSION_POOL_SIZE_DEFAULT);
        assertThat(serving.sessionIdleTimeout()).isEqualTo(ServingSettings.SESSION_IDLE_TIMEOUT_DEFAULT);

        ServingSettings pool = parse("""
                default_user: bob
                serving: {session_pool_size: 0, session_idle_timeout: 5m}
                """).serving();
        assertThat(pool.sessionPoolSize()).isZero();
        assertThat(pool.sessionIdleTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
    }

    @Test
    void badServingLimitsNameTheKeyAndLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nserving:\n  row_limt: 5\n"))
                .hasMessageContaining(":3").hasMessageContaining("serving.row_limt");
        assertThatThrownBy(() -> parse("default_user: bob\nserving:\n  row_limit: 0\n"))
                .hasMessageContaining(":3").hasMessageContaining("serving.row_limit must be at least 1");
        assertThatThrownBy(() -> parse("default_user: bob\nserving:\n  query_timeout: soon\n"))
                .hasMessageContaining(":3").hasMessageContaining("serving.query_timeout");
        assertThatThrownBy(() -> parse("default_user: bob\nserving:\n  max_concurrent_queries_per_user: x\n"))
                .hasMessageContaining(":3").hasMessageContaining("serving.max_concurrent_queries_per_user");
        assertThatThrownBy(() -> parse("default_user: bob\nserving:\n  session_pool_size: -1\n"))
                .hasMessageContaining(":3").hasMessageContaining("serving.session_pool_size must be 0 (no pooling) or more");
        assertThatThrownBy(() -> parse("default_user: bob\nserving:\n  session_idle_timeout: never\n"))
                .hasMessageContaining(":3").hasMessageContaining("serving.session_idle_timeout");
    }

    @Test
    void lineageDefaultsToFilesInTheMeshworkNamespace() {
        assertThat(parse("default_user: bob\n").lineage()).isEqualTo(LineageSettings.defaults());
        assertThat(LineageSettings.defaults().enabled()).isTrue();
        assertThat(LineageSettings.defaults().namespace()).isEqualTo("meshwork");
        assertThat(LineageSettings.defaults().endpoint()).isEmpty();
    }

    @Test
    void lineageMapsEveryKey() {
        LineageSettings lineage = parse("""
                default_user: bob
                lineage:
                  enabled: true
                  namespace: meshwork-prod
                  endpoint: http://marquez:5000/api/v1/lineage
                  api_key_env: MARQUEZ_TOKEN
                """).lineage();

        assertThat(lineage).isEqualTo(new LineageSettings(true, "meshwork-prod",
                java.util.Optional.of(URI.create("http://marquez:5000/api/v1/lineage")),
                java.util.Optional.of("MARQUEZ_TOKEN")));
        assertThat(parse("default_user: bob\nlineage: {enabled: false}\n").lineage().enabled()).isFalse();
    }

    @Test
    void badLineageSettingsAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nlineage:\n  sink: files\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("/ws/mesh.yaml:3").hasMessageContaining("unknown key 'lineage.sink'");
        assertThatThrownBy(() -> parse("default_user: bob\nlineage:\n  enabled: maybe\n"))
                .hasMessageContaining(":3").hasMessageContaining("lineage.enabled must be true or false");
        assertThatThrownBy(() -> parse("default_user: bob\nlineage:\n  endpoint: ftp://marquez/api\n"))
                .hasMessageContaining(":3").hasMessageContaining("lineage.endpoint must be an http:// or https:// URL");
        assertThatThrownBy(() -> parse("default_user: bob\nlineage:\n  namespace: \"\"\n"))
                .hasMessageContaining(":3").hasMessageContaining("lineage.namespace is empty");
        assertThatThrownBy(() -> parse("default_user: bob\nlineage:\n  api_key_env: TOKEN\n"))
                .hasMessageContaining(":3").hasMessageContaining("needs lineage.endpoint");
        assertThatThrownBy(() -> parse("default_user: bob\nlineage:\n  endpoint: http://m/api\n  api_key_env: \"a b\"\n"))
                .hasMessageContaining(":4").hasMessageContaining("must name an environment variable");
    }
}
