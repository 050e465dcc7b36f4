package org.meshwork.platform.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.encryption.EncryptionFixture.ADMIN;
import static org.meshwork.platform.encryption.EncryptionFixture.CANARY_EMAIL;
import static org.meshwork.platform.encryption.EncryptionFixture.CANARY_NUMBER;
import static org.meshwork.platform.encryption.EncryptionFixture.CITIES;
import static org.meshwork.platform.encryption.EncryptionFixture.PEOPLE;
import static org.meshwork.platform.encryption.EncryptionFixture.QUARANTINE_CANARY;
import static org.meshwork.platform.encryption.EncryptionFixture.SUMMARY;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.MeshException;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.ProductPreview;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.workspace.InvalidConfigurationException;

/**
 * The proof of encryption at rest, on real DuckDB, Delta tables, files and SQLite: a known value is in no byte on
 * disk, the data files are not Parquet, reads without the key (or with the wrong one) fail, governed reads decrypt
 * transparently, and plain products still write plain Parquet.
 */
class EncryptionAtRestIT {
    private static final byte[] PAR1 = "PAR1".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;
    private Path home;
    private Path staging;
    private String key;
    private Mesh mesh;

    @BeforeEach
    void setUp() throws Exception {
        home = directory.resolve("ws");
        staging = directory.resolve("staging");
        EncryptionFixture.writeWorkspace(home, staging);
        EncryptionFixture.writeProducts(directory.resolve("lab"));
        key = MasterKey.generateBase64();
        mesh = Mesh.open(home, EncryptionFixture.environment(key));
        mesh.apply(List.of(directory.resolve("lab").resolve("products.yaml")), ADMIN);
        RunRecord people = EncryptionFixture.run(mesh, PEOPLE);
        assertThat(people.rowsQuarantined()).isEqualTo(1);
        var checks = mesh.store().checkResults(people.runId());
        assertThat(checks).singleElement().satisfies(check -> {
            assertThat(check.result().passed()).isFalse();
            assertThat(check.result().failingRows()).hasValue(1);
            assertThat(check.result().failingSample()).as("values of an encrypted product stay out of meta.db").isEmpty();
        });
        EncryptionFixture.run(mesh, SUMMARY);
        EncryptionFixture.run(mesh, CITIES);
    }

    @AfterEach
    void tearDown() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void theCanaryIsInNoByteOnDisk() throws Exception {
        // a read and a preview stage plaintext while they run; it must be gone afterwards
        assertThat(EncryptionFixture.readAll(mesh, PEOPLE, DataRequest.all())).contains(CANARY_EMAIL);
        mesh.close();
        mesh = null;
        byte[] email = CANARY_EMAIL.getBytes(StandardCharsets.UTF_8);
        byte[] quarantined = QUARANTINE_CANARY.getBytes(StandardCharsets.UTF_8);
        byte[] number = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(CANARY_NUMBER).array();
        byte[] numberText = Long.toString(CANARY_NUMBER).getBytes(StandardCharsets.US_ASCII);
        List<Path> scanned = EncryptionFixture.files(home, staging);
        assertThat(scanned).as("the workspace holds the lake, _delta_log, quarantine, index, meta.db")
                .anySatisfy(path -> assertThat(path.toString()).contains("_delta_log"))
                .anySatisfy(path -> assertThat(path.toString()).endsWith("meta.db"))
                .anySatisfy(path -> assertThat(path.toString()).contains("people_quarantine"));
        List<String> leaks = new ArrayList<>();
        for (Path file : scanned) {
            byte[] bytes = Files.readAllBytes(file);
            if (EncryptionFixture.contains(bytes, email) || EncryptionFixture.contains(bytes, quarantined)
                    || EncryptionFixture.contains(bytes, number) || EncryptionFixture.contains(bytes, numberText)) {
                leaks.add(file.toString());
            }
        }
        assertThat(leaks).as("files holding a canary value").isEmpty();
        assertThat(EncryptionFixture.files(staging)).as("staged plaintext is deleted").isEmpty();
    }

    @Test
    void encryptedTablesHoldNoParquetAndTheirLogNoColumnStatistics() throws Exception {
        for (Path file : tableFiles(PEOPLE, false)) {
            assertThat(file.toString()).endsWith(".parquet" + DataFileCipher.SUFFIX);
            byte[] bytes = Files.readAllBytes(file);
            assertThat(Arrays.copyOf(bytes, 4)).isNotEqualTo(PAR1);
            assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length)).isNotEqualTo(PAR1);
        }
        assertThat(tableFiles(PEOPLE, true)).as("the quarantine table is encrypted too").isNotEmpty()
                .allSatisfy(file -> assertThat(file.toString()).endsWith(DataFileCipher.SUFFIX));
        assertThat(tableFiles(SUMMARY, false)).isNotEmpty()
                .allSatisfy(file -> assertThat(file.toString()).endsWith(DataFileCipher.SUFFIX));
        Path log = mesh.tables().location(definition(PEOPLE)).resolve("_delta_log");
        for (Path entry : EncryptionFixture.files(log)) {
            String text = Files.readString(entry);
            // Delta's add actions carry a row count only: no per-column minimum or maximum (they would be values)
            assertThat(text).doesNotContainPattern("(minValues|maxValues)\\\\\":\\{[^}]");
        }
    }

    @Test
    void plainProductsStillWritePlainParquet() throws Exception {
        List<Path> files = tableFiles(CITIES, false);
        assertThat(files).isNotEmpty().allSatisfy(file -> {
            assertThat(file.toString()).endsWith(".parquet");
            assertThat(Arrays.copyOf(Files.readAllBytes(file), 4)).isEqualTo(PAR1);
        });
        int pooled = mesh.readSessionPool().size();
        assertThat(EncryptionFixture.readAll(mesh, CITIES, DataRequest.all())).contains("Berlin");
        assertThat(mesh.readSessionPool().size()).as("a plain product's read session is kept for reuse")
                .isEqualTo(pooled + 1);
        assertThat(mesh.keyStatus(ADMIN)).extracting(k -> k.product().toString())
                .containsExactlyInAnyOrder(PEOPLE.toString(), SUMMARY.toString());
    }

    @Test
    void governedReadsPreviewAndDownstreamRunsDecryptTransparently() {
        int pooled = mesh.readSessionPool().size();
        String people = EncryptionFixture.readAll(mesh, PEOPLE, DataRequest.all());
        assertThat(people).contains(CANARY_EMAIL + "," + CANARY_NUMBER);
        // its views were over decrypted files that are deleted with the read: nothing of it is kept for reuse
        assertThat(mesh.readSessionPool().size()).isEqualTo(pooled);
        assertThat(people.lines().count()).isEqualTo(51); // header + 50 rows
        assertThat(EncryptionFixture.readAll(mesh, SUMMARY, DataRequest.all())).contains(CANARY_EMAIL);
        ProductPreview.Preview quarantine = mesh.preview(PEOPLE, ADMIN,
                new ProductPreview.Selector(Optional.empty(), Optional.empty(), true), 10);
        assertThat(quarantine.rows().toString()).contains(QUARANTINE_CANARY);
        assertThat(mesh.preview(PEOPLE, ADMIN, ProductPreview.Selector.current(), 100).rows().toString())
                .contains(CANARY_EMAIL);
        try (var sql = mesh.data().query(mesh.principal(ADMIN),
                "SELECT s.email FROM \"dp.lab.summary\" s JOIN \"dp.lab.people\" p USING (id) WHERE p.id = 1",
                org.meshwork.platform.serving.RequestContext.local())) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            sql.writeTo(org.meshwork.platform.serving.ResultFormat.CSV, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(CANARY_EMAIL);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withoutTheMasterKeyReadsAndRunsFailAndNothingIsWritten() throws Exception {
        long versions = history(PEOPLE);
        mesh.close();
        mesh = Mesh.open(home, Map.of());
        assertThatThrownBy(() -> EncryptionFixture.readAll(mesh, PEOPLE, DataRequest.all()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("encryption.master_key_env")
                .hasMessageContaining(EncryptionFixture.KEY_ENV);
        RunRecord run = mesh.run(PEOPLE, ADMIN, org.meshwork.platform.pipeline.RunProgress.NONE);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).get().asString().contains("encryption.master_key_env", EncryptionFixture.KEY_ENV);
        assertThat(history(PEOPLE)).isEqualTo(versions);
        assertThat(plainParquetIn(mesh.tables().location(definition(PEOPLE)))).isEmpty();
        assertThat(EncryptionFixture.readAll(mesh, CITIES, DataRequest.all())).as("plain products need no key")
                .contains("Berlin");
    }

    @Test
    void aWrongMasterKeyIsNamedAsSuch() {
        String right = mesh.encryption().keys().master().id();
        mesh.close();
        mesh = Mesh.open(home, EncryptionFixture.environment(MasterKey.generateBase64()));
        assertThatThrownBy(() -> EncryptionFixture.readAll(mesh, PEOPLE, DataRequest.all()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("wrapped by master key " + right);
        RunRecord run = mesh.run(SUMMARY, ADMIN, org.meshwork.platform.pipeline.RunProgress.NONE);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).get().asString().contains("wrapped by master key " + right);
    }

    @Test
    void duckDbCannotReadAnEncryptedFileDirectly() throws Exception {
        Path file = tableFiles(PEOPLE, false).get(0);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            statement.setString(1, file.toString());
            assertThatThrownBy(statement::executeQuery).isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Test
    void aChangedFileFailsAuthentication() throws Exception {
        Path file = tableFiles(PEOPLE, false).get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> EncryptionFixture.readAll(mesh, PEOPLE, DataRequest.all()))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("cannot decrypt");
    }

    private long history(org.meshwork.api.ProductId product) {
        return mesh.tables().open(definition(product)).history().size();
    }

    private ProductDefinition definition(org.meshwork.api.ProductId product) {
        return mesh.products().get(product).definition();
    }

    private List<Path> tableFiles(org.meshwork.api.ProductId product, boolean quarantine) {
        ProductDefinition definition = definition(product);
        var table = quarantine ? mesh.tables().openQuarantine(definition) : mesh.tables().open(definition);
        Snapshot snapshot = table.current().orElseThrow();
        return snapshot.files().stream().map(DataFile::path).map(table.location()::resolve).toList();
    }

    private static List<Path> plainParquetIn(Path table) throws Exception {
        return EncryptionFixture.files(table).stream().filter(p -> p.toString().endsWith(".parquet")).toList();
    }
}
