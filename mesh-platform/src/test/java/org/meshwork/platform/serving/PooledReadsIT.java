package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.access.Principal;
import org.meshwork.governance.access.GrantRequest;
import org.meshwork.platform.Mesh;

/**
 * The read path with the session pool on the real workspace (real grants, access controller and audit): readers with
 * different decisions never share a database, a reader with the same decision does, and a revoked grant or a new
 * snapshot takes effect on the very next read although a pooled database for the old one is still warm.
 */
class PooledReadsIT {
    private static final String PEOPLE_CSV = """
            1,ann@example.com,DE,10.00,1.5,2026-01-01 10:00:00
            2,bob@example.com,FR,20.00,2.5,2026-01-02 11:00:00
            3,cid@example.com,DE,30.00,3.5,2026-01-03 12:00:00
            """;

    @TempDir
    Path directory;

    private final ObjectMapper json = new ObjectMapper();
    private Mesh mesh;
    private Principal olivia;
    private Principal ana;

    @BeforeEach
    void setUp() throws Exception {
        Path home = directory.resolve("ws");
        ServingFixture.writeWorkspace(home, "serving: {session_pool_size: 4, session_idle_timeout: 5m}\n");
        // prod: PII is masked unless the basis clears it (outside production it is masked for everyone)
        Path config = home.resolve("mesh.yaml");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                .replace("environment: dev", "environment: prod"));
        mesh = Mesh.open(home, Map.of());
        ServingFixture.applyProducts(mesh, directory, PEOPLE_CSV);
        ServingFixture.run(mesh, ServingFixture.PEOPLE);
        olivia = mesh.principal(ServingFixture.ADMIN);
        ana = mesh.principal(UserName.of("ana"));
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private JsonNode read(Principal principal) throws Exception {
        return json.readTree(ServingFixture.write(mesh.data().read(principal, ServingFixture.PEOPLE,
                DataRequestParser.parse(ServingFixture.query("order=id", "select=id,email")), RequestContext.local()),
                ResultFormat.JSON));
    }

    /** A grant with PII clearance: ana sees the email in clear; without it (the product is internal) hashed. */
    private String grantAna() {
        return mesh.access().grant(olivia, ServingFixture.PEOPLE, new GrantRequest(Grantee.parse("user:ana"),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), true)).id();
    }

    @Test
    void principalsWithDifferentMasksNeverShareADatabaseAndEqualDecisionsDo() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(read(olivia).get(0).get("email").asText()).isEqualTo("ann@example.com");
            JsonNode masked = read(ana);
            assertThat(masked).hasSize(3);
            assertThat(masked.toString()).doesNotContain("@example.com");
            assertThat(masked.get(0).get("email").asText()).hasSize(64);
        }
        assertThat(mesh.readSessionPool().size()).isEqualTo(2);
        assertThat(mesh.readSessionPool().reusedAndCreated()).containsExactly(4, 2);
    }

    @Test
    void aRevokedGrantTakesEffectOnTheNextReadThoughItsDatabaseIsStillPooled() throws Exception {
        String grant = grantAna();
        assertThat(read(ana).get(0).get("email").asText()).isEqualTo("ann@example.com");
        assertThat(read(ana).get(0).get("email").asText()).isEqualTo("ann@example.com");
        assertThat(mesh.readSessionPool().size()).isEqualTo(1);
        mesh.access().revoke(olivia, grant);
        JsonNode after = read(ana);
        assertThat(after.toString()).doesNotContain("@example.com");
        assertThat(after.get(0).get("email").asText()).hasSize(64);
        assertThat(mesh.readSessionPool().reusedAndCreated()).containsExactly(1, 2);
    }

    @Test
    void aNewSnapshotIsReadAtOnceAndRetiresTheDatabaseOfTheOldOne() throws Exception {
        assertThat(read(olivia)).hasSize(3);
        assertThat(read(olivia)).hasSize(3);
        ServingFixture.applyProducts(mesh, directory, PEOPLE_CSV + "4,dan@example.com,US,40.00,4.5,2026-01-04 00:00:00\n");
        ServingFixture.run(mesh, ServingFixture.PEOPLE);
        assertThat(read(olivia)).hasSize(4);
        assertThat(mesh.readSessionPool().size()).isEqualTo(1);
        assertThat(mesh.readSessionPool().reusedAndCreated()).containsExactly(1, 2);
    }
}
