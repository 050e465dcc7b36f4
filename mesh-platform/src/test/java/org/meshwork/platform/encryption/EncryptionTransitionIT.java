package org.meshwork.platform.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meshwork.platform.encryption.EncryptionFixture.ADMIN;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.serving.DataRequest;

/**
 * An appended product that turns encryption on: its next run carries the earlier plain rows into encrypted files, so
 * the new snapshot holds no plain file, and its watermark (a value of the data) is kept encrypted in the table's log.
 */
class EncryptionTransitionIT {
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");

    @TempDir
    Path directory;
    private Mesh mesh;

    @AfterEach
    void tearDown() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void anAppendedTableBecomesFullyEncryptedAndItsWatermarkSealed() throws Exception {
        Path home = directory.resolve("ws");
        EncryptionFixture.writeWorkspace(home, directory.resolve("staging"));
        mesh = Mesh.open(home, EncryptionFixture.environment(MasterKey.generateBase64()));
        Path lab = Files.createDirectories(directory.resolve("lab"));
        Files.writeString(lab.resolve("events.csv"), "id,what\n1,first\n2,second\n");
        apply(lab, false);
        EncryptionFixture.run(mesh, EVENTS);
        assertThat(current().files()).allSatisfy(file -> assertThat(file.path()).endsWith(".parquet"));
        assertThat(current().info().get("meshwork.watermark")).isNotNull().doesNotStartWith(DataKeys.SEALED_PREFIX);

        Files.writeString(lab.resolve("events.csv"), "id,what\n1,first\n2,second\n3,third\n");
        apply(lab, true);
        StorageFacts facts = new StorageFacts(mesh.tables(), mesh.encryption().keys());
        assertThat(facts.current(definition())).as("declared, but the files on disk are still plain")
                .containsEntry("published", true).containsEntry("encrypted", false).containsEntry("plain_files", 1L);
        EncryptionFixture.run(mesh, EVENTS);
        assertThat(facts.current(definition())).containsEntry("encrypted", true).containsEntry("plain_files", 0L)
                .containsEntry("data_key", true)
                .containsEntry("master_key_id", mesh.encryption().keys().master().id());
        Snapshot snapshot = current();
        assertThat(snapshot.files()).extracting(DataFile::path)
                .allSatisfy(path -> assertThat(path).endsWith(".parquet" + DataFileCipher.SUFFIX));
        assertThat(snapshot.rowCount()).isEqualTo(3);
        assertThat(snapshot.info().get("meshwork.watermark")).startsWith(DataKeys.SEALED_PREFIX);
        assertThat(EncryptionFixture.readAll(mesh, EVENTS, DataRequest.all())).contains("first", "second", "third");

        // the sealed watermark still filters the next append: only the new row is added
        Files.writeString(lab.resolve("events.csv"), "id,what\n1,first\n2,second\n3,third\n4,fourth\n");
        EncryptionFixture.run(mesh, EVENTS);
        assertThat(current().rowCount()).isEqualTo(4);
        assertThat(mesh.tables().open(definition()).history().get(0).addedRows()).isEqualTo(1);
    }

    private Snapshot current() {
        ProductTable table = mesh.tables().open(definition());
        return table.current().orElseThrow();
    }

    private org.meshwork.platform.product.ProductDefinition definition() {
        return mesh.products().get(EVENTS).definition();
    }

    private void apply(Path lab, boolean encrypted) throws Exception {
        Files.writeString(lab.resolve("events.yaml"), """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {owner_team: lab-team, description: The lab}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Events
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: internal
                  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {id: BIGINT NOT NULL, what: VARCHAR}}
                  transform: {sql: "SELECT id, what FROM events", mode: append, watermark: id}
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                      - {name: what, type: VARCHAR}
                  security: {encryption_at_rest: %s}
                """.formatted(encrypted));
        mesh.apply(List.of(lab.resolve("events.yaml")), ADMIN);
    }
}
