package org.meshwork.platform.encryption;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * A workspace whose master key comes from an environment variable, with three products: dp.lab.people (encrypted,
 * holding the canary values, one garbled row quarantined), dp.lab.summary (encrypted, reads people as a product source
 * and checks referential integrity against it) and dp.lab.cities (plain).
 */
final class EncryptionFixture {
    static final UserName ADMIN = UserName.of("olivia");
    static final ProductId PEOPLE = ProductId.parse("dp.lab.people");
    static final ProductId SUMMARY = ProductId.parse("dp.lab.summary");
    static final ProductId CITIES = ProductId.parse("dp.lab.cities");
    static final String KEY_ENV = "MESH_TEST_MASTER_KEY";
    /** A value that must appear in no byte on disk. */
    static final String CANARY_EMAIL = "canary-7f3a@example.com";
    static final long CANARY_NUMBER = 987_654_321_987L;
    /** A value of a quarantined (garbled) row. */
    static final String QUARANTINE_CANARY = "quarantined-canary-91c2";

    private EncryptionFixture() {}

    static void writeWorkspace(Path home, Path staging) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: prod
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [olivia]}
                engine: {memory_limit: 1GB, threads: 2}
                encryption:
                  master_key_env: %s
                  staging_dir: %s
                """.formatted(KEY_ENV, staging));
    }

    static void writeProducts(Path lab) throws IOException {
        Files.createDirectories(lab);
        StringBuilder people = new StringBuilder("id,email,amount\n");
        people.append("1,").append(CANARY_EMAIL).append(',').append(CANARY_NUMBER).append('\n');
        for (int i = 2; i <= 50; i++) {
            people.append(i).append(",person").append(i).append("@example.org,").append(i * 10).append('\n');
        }
        people.append("not-a-number,").append(QUARANTINE_CANARY).append(",1\n");
        Files.writeString(lab.resolve("people.csv"), people.toString());
        Files.writeString(lab.resolve("cities.csv"), "country,city\nDE,Berlin\nFR,Paris\n");
        Files.writeString(lab.resolve("products.yaml"), """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {owner_team: lab-team, description: The lab}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: people, namespace: lab}
                spec:
                  description: People
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: internal
                  sources:
                    - name: people
                      type: csv
                      path: people.csv
                      options: {header: true}
                      columns: {id: BIGINT NOT NULL, email: VARCHAR, amount: BIGINT}
                  transform:
                    sql: "SELECT id, email, amount FROM people"
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                      - {name: email, type: VARCHAR}
                      - {name: amount, type: BIGINT}
                  quality:
                    checks:
                      # fails (a warning) on the canary row: its failing sample must not reach the metadata store
                      - {name: small_amounts, type: range, column: amount, max: 1000, severity: warn}
                  security: {encryption_at_rest: true}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: summary, namespace: lab}
                spec:
                  description: People with large amounts
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: internal
                  sources:
                    - {name: people, type: product, product: dp.lab.people}
                  transform:
                    sql: "SELECT id, email FROM people WHERE amount > 100"
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                      - {name: email, type: VARCHAR}
                  quality:
                    checks:
                      - {name: known_person, type: referential_integrity, column: id, reference: {product: dp.lab.people, column: id}}
                  security: {encryption_at_rest: true}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: cities, namespace: lab}
                spec:
                  description: Cities
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: public
                  sources:
                    - {name: cities, type: csv, path: cities.csv, options: {header: true}, columns: {country: VARCHAR, city: VARCHAR}}
                  schema:
                    columns:
                      - {name: country, type: VARCHAR}
                      - {name: city, type: VARCHAR}
                """);
    }

    static Map<String, String> environment(String base64Key) {
        return Map.of(KEY_ENV, base64Key);
    }

    static RunRecord run(Mesh mesh, ProductId product) {
        RunRecord run = mesh.run(product, ADMIN, RunProgress.NONE);
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new AssertionError(product + " did not run: " + run.error());
        }
        return run;
    }

    static String readAll(Mesh mesh, ProductId product, DataRequest request) {
        try (ResultStream stream = mesh.data().read(mesh.principal(ADMIN), product, request, RequestContext.local())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.writeTo(ResultFormat.CSV, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under the directories, each with its bytes. */
    static List<Path> files(Path... roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
