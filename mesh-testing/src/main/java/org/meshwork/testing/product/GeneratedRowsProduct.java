package org.meshwork.testing.product;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A product of the domain {@code lab} whose transform generates as many rows as asked ({@code id}, {@code name} =
 * {@code name-<id>}, {@code amount} = {@code id * 1.5}), owned by {@code lab-team}: for tests that need a result far
 * larger than a heap without shipping data files.
 */
public final class GeneratedRowsProduct {
    /** The product's id. */
    public static final String ID = "dp.lab.big";

    private GeneratedRowsProduct() {}

    /** Writes the descriptor and its one-row seed source into {@code directory}; returns the descriptor. */
    public static Path write(Path directory, long rows) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("seed.csv"), "x\n1\n");
        Path descriptor = directory.resolve("big.yaml");
        Files.writeString(descriptor, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: big, namespace: lab}
                spec:
                  description: Many generated rows
                  owner_team: lab-team
                  version: 1.0.0
                  sources:
                    - {name: seed, type: csv, path: seed.csv, options: {header: true}, columns: {x: BIGINT}}
                  transform:
                    sql: "SELECT range AS id, 'name-' || range AS name, CAST(range AS DOUBLE) * 1.5 AS amount FROM range(%d)"
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                      - {name: name, type: VARCHAR}
                      - {name: amount, type: DOUBLE}
                """.formatted(rows));
        return descriptor;
    }
}
