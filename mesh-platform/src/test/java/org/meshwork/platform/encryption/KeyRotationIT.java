package org.meshwork.platform.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.encryption.EncryptionFixture.ADMIN;
import static org.meshwork.platform.encryption.EncryptionFixture.CANARY_EMAIL;
import static org.meshwork.platform.encryption.EncryptionFixture.PEOPLE;
import static org.meshwork.platform.encryption.EncryptionFixture.SUMMARY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.UserName;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.crypto.ProductKey;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.serving.DataRequestParser;
import org.meshwork.platform.workspace.InvalidConfigurationException;

/**
 * Master key rotation re-wraps the data keys and nothing else: every file of the lake keeps its bytes and its
 * modification time, the new key reads current and older versions, the old key reads nothing.
 */
class KeyRotationIT {
    @TempDir
    Path directory;
    private Path home;
    private Path oldKey;
    private Path newKey;
    private Mesh mesh;

    @BeforeEach
    void setUp() throws Exception {
        home = directory.resolve("ws");
        oldKey = directory.resolve("secrets").resolve("old.key");
        newKey = directory.resolve("secrets").resolve("new.key");
        MasterKey.createFile(oldKey);
        writeWorkspace(oldKey);
        EncryptionFixture.writeProducts(directory.resolve("lab"));
        mesh = Mesh.open(home, Map.of());
        mesh.apply(List.of(directory.resolve("lab").resolve("products.yaml")), ADMIN);
        EncryptionFixture.run(mesh, PEOPLE);
        EncryptionFixture.run(mesh, PEOPLE); // version 1; version 0 stays readable by time travel
        EncryptionFixture.run(mesh, SUMMARY);
    }

    @AfterEach
    void tearDown() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private void writeWorkspace(Path key) throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: prod
                default_user: olivia
                platform_admins: [olivia]
                auditors: [audrey]
                teams:
                  lab-team: {members: [olivia, luke]}
                engine: {memory_limit: 1GB, threads: 2}
                encryption: {master_key_file: %s}
                """.formatted(key));
    }

    @Test
    void rotationReWrapsTheDataKeysWithoutTouchingAnyFile() throws Exception {
        Map<Path, String> before = fingerprints();
        MasterKey from = MasterKey.readFile(oldKey);
        MasterKey to = MasterKey.createFile(newKey);
        List<ProductKey> rotated = mesh.rotateMasterKey(from, to, ADMIN);
        assertThat(rotated).extracting(k -> k.product().toString())
                .containsExactlyInAnyOrder(PEOPLE.toString(), SUMMARY.toString());
        assertThat(mesh.keyStatus(ADMIN)).allSatisfy(key -> {
            assertThat(key.masterKeyId()).isEqualTo(to.id());
            assertThat(key.keyVersion()).isEqualTo(1);
        });
        assertThat(fingerprints()).as("every file of the lake: same bytes, same modification time")
                .isEqualTo(before);
        List<AuditEntry> audit = mesh.auditLog().query(AuditQuery.all(1000));
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.event().action()).isEqualTo("keys.rotate");
            assertThat(entry.event().outcome()).isEqualTo("allowed");
            assertThat(entry.event().details()).containsEntry("from", from.id()).containsEntry("to", to.id());
        });
        mesh.close();

        writeWorkspace(newKey);
        mesh = Mesh.open(home, Map.of());
        assertThat(EncryptionFixture.readAll(mesh, PEOPLE, DataRequestParser.parse(Map.of()))).contains(CANARY_EMAIL);
        assertThat(EncryptionFixture.readAll(mesh, PEOPLE, DataRequestParser.parse(Map.of("version", List.of("0")))))
                .as("time travel after rotation").contains(CANARY_EMAIL);
        EncryptionFixture.run(mesh, SUMMARY);
        mesh.close();

        writeWorkspace(oldKey);
        mesh = Mesh.open(home, Map.of());
        assertThatThrownBy(() -> EncryptionFixture.readAll(mesh, PEOPLE, DataRequestParser.parse(Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("wrapped by master key " + to.id())
                .hasMessageContaining(from.id());
    }

    @Test
    void onlyPlatformAdminsRotateAndAWrongOldKeyChangesNothing() throws Exception {
        MasterKey from = MasterKey.readFile(oldKey);
        MasterKey to = MasterKey.createFile(newKey);
        assertThatThrownBy(() -> mesh.rotateMasterKey(from, to, UserName.of("luke")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("platform admins");
        assertThat(mesh.auditLog().query(AuditQuery.all(1000))).anySatisfy(entry -> {
            assertThat(entry.event().action()).isEqualTo("keys.rotate");
            assertThat(entry.event().outcome()).isEqualTo("denied");
        });
        MasterKey stranger = MasterKey.fromBase64(MasterKey.generateBase64(), "a test");
        assertThatThrownBy(() -> mesh.rotateMasterKey(stranger, to, ADMIN))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("nothing was re-wrapped");
        assertThatThrownBy(() -> mesh.rotateMasterKey(from, from, ADMIN))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("is the old one");
        assertThat(mesh.keyStatus(ADMIN)).allSatisfy(key -> assertThat(key.masterKeyId()).isEqualTo(from.id()));
        assertThat(mesh.keyStatus(UserName.of("audrey"))).hasSize(2);
        assertThatThrownBy(() -> mesh.keyStatus(UserName.of("luke"))).isInstanceOf(ForbiddenException.class);
        assertThat(EncryptionFixture.readAll(mesh, PEOPLE, DataRequestParser.parse(Map.of()))).contains(CANARY_EMAIL);
    }

    @Test
    void theKeyFileIsOwnerOnlyAndNeverOverwritten() throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(oldKey)))
                .isEqualTo("rw-------");
        String text = Files.readString(oldKey);
        assertThatThrownBy(() -> MasterKey.createFile(oldKey)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("never overwritten");
        assertThat(Files.readString(oldKey)).isEqualTo(text);
    }

    /** Every file under the workspace's lake: its bytes' hash and its modification time. */
    private Map<Path, String> fingerprints() throws Exception {
        Map<Path, String> result = new LinkedHashMap<>();
        for (Path file : EncryptionFixture.files(home.resolve("lake"))) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            result.put(file, java.util.HexFormat.of().formatHex(digest) + "@"
                    + Files.getLastModifiedTime(file).toMillis());
        }
        assertThat(result).isNotEmpty();
        return result;
    }
}
