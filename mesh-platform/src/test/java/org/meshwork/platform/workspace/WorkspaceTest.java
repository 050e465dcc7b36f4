package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;

class WorkspaceTest {
    @TempDir
    Path home;

    @Test
    void createdOnFirstUseWithADefaultConfiguration() {
        Workspace workspace = Workspace.openOrCreate(home.resolve("ws"));

        assertThat(workspace.home().resolve("mesh.yaml")).exists();
        assertThat(workspace.lake()).isDirectory();
        assertThat(workspace.config().isPlatformAdmin(workspace.config().defaultUser())).isTrue();
        // opening again keeps the configuration as it is
        assertThat(Workspace.openOrCreate(home.resolve("ws")).config()).isEqualTo(workspace.config());
    }

    @Test
    void homeComesFromTheFlagThenTheEnvironmentThenTheDefault() {
        assertThat(Workspace.locate(Optional.of(Path.of("/a")), Map.of("MESH_HOME", "/b"))).isEqualTo(Path.of("/a"));
        assertThat(Workspace.locate(Optional.empty(), Map.of("MESH_HOME", "/b"))).isEqualTo(Path.of("/b"));
        assertThat(Workspace.locate(Optional.empty(), Map.of())).isEqualTo(Path.of(".meshwork").toAbsolutePath());
    }

    @Test
    void invalidConfigurationIsReportedWithItsFile() throws Exception {
        Files.writeString(home.resolve("mesh.yaml"), "default_user: bob\nsurprise: 1\n");
        assertThatThrownBy(() -> Workspace.openOrCreate(home))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(home.resolve("mesh.yaml") + ":2");
    }

    @Test
    void tableLocations() {
        Workspace workspace = Workspace.openOrCreate(home);
        ProductId id = ProductId.parse("dp.marketing.marketing-campaign-data");

        assertThat(workspace.resolveTableLocation(id, Optional.empty()).path())
                .isEqualTo(home.resolve("lake/marketing/marketing-campaign-data"));

        // the guide's location is a directory (trailing slash): the table goes inside it
        Workspace.ResolvedLocation guide = workspace.resolveTableLocation(id, Optional.of("s3://company-datalake/marketing/"));
        assertThat(guide.path()).isEqualTo(home.resolve("lake/s3/company-datalake/marketing/marketing-campaign-data"));
        assertThat(guide.describe()).contains("s3://company-datalake/marketing/ →").contains("storage root \"s3://\"");

        // without a trailing slash the location is the table itself
        assertThat(workspace.resolveTableLocation(id, Optional.of("s3://bucket/tables/campaigns")).path())
                .isEqualTo(home.resolve("lake/s3/bucket/tables/campaigns"));
        assertThat(workspace.resolveTableLocation(id, Optional.of("custom/place")).path())
                .isEqualTo(home.resolve("custom/place"));
    }

    @Test
    void locationsWithoutARootOrEscapingItAreRefused() {
        Workspace workspace = Workspace.openOrCreate(home);
        ProductId id = ProductId.parse("dp.sales.orders");

        assertThatThrownBy(() -> workspace.resolveTableLocation(id, Optional.of("hdfs://cluster/x")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no storage root").hasMessageContaining("\"hdfs://\": lake/hdfs");
        assertThatThrownBy(() -> workspace.resolveTableLocation(id, Optional.of("s3://../../etc")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("leaves its storage root");
    }
}
