package org.meshwork.platform.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;

/** A workspace with real products (CSV → DuckDB → Delta) for the serving tests. */
final class ServingFixture {
    static final UserName ADMIN = UserName.of("olivia");
    static final ProductId PEOPLE = ProductId.parse("dp.lab.people");
    static final ProductId CITIES = ProductId.parse("dp.lab.cities");

    private ServingFixture() {}

    static void writeWorkspace(Path home, String serving) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: dev
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [olivia, luke]}
                  analytics-team: {members: [ana]}
                engine: {memory_limit: 1GB, threads: 2}
                """ + serving);
    }

    /** Applies dp.lab.people (id, email PII with the given mask, country, amount, score, created_at) and dp.lab.cities. */
    static void applyProducts(Mesh mesh, Path directory, String peopleCsv) throws IOException {
        Path lab = Files.createDirectories(directory.resolve("lab"));
        Files.writeString(lab.resolve("people.csv"), "id,email,country,amount,score,created_at\n" + peopleCsv);
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
                      columns:
                        id: BIGINT NOT NULL
                        email: VARCHAR
                        country: VARCHAR
                        amount: "DECIMAL(12,2)"
                        score: DOUBLE
                        created_at: TIMESTAMP
                  transform:
                    sql: "SELECT id, email, country, amount, score, created_at FROM people"
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                      - {name: email, type: VARCHAR, classification: pii, mask: hash}
                      - {name: country, type: VARCHAR}
                      - {name: amount, type: "DECIMAL(12,2)"}
                      - {name: score, type: DOUBLE}
                      - {name: created_at, type: TIMESTAMP}
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
        mesh.apply(List.of(lab.resolve("products.yaml")), ADMIN);
    }

    static void run(Mesh mesh, ProductId product) {
        RunRecord run = mesh.run(product, ADMIN, RunProgress.NONE);
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new AssertionError(product + " did not run: " + run.error());
        }
    }

    static String write(ResultStream stream, ResultFormat format) {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.writeTo(format, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            parameters.computeIfAbsent(pair.substring(0, equals), key -> new java.util.ArrayList<>())
                    .add(pair.substring(equals + 1));
        }
        return parameters;
    }
}
