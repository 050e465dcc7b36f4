package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.descriptor.Descriptor;

class CanonicalDocumentTest {
    private static final String ORIGINAL = """
            apiVersion: platform/v1
            kind: DataProduct
            metadata: {name: orders, namespace: sales}
            spec:
              description: Orders
              owner_team: sales-team
              version: 1.0.0
              sla: {freshness: 1h, availability: "99.9%"}
              sources:
                - {name: raw, type: csv, path: data/orders.csv, columns: {id: BIGINT, amount: DOUBLE}}
              transform: {file: transform.sql}
              quality:
                checks:
                  - {name: row_count, threshold: "> 10"}
            """;

    private static final String REFORMATTED = """
            # the same product, written differently
            kind: "DataProduct"
            apiVersion: 'platform/v1'
            spec:
              version: "1.0.0"     # a comment
              owner_team: sales-team
              transform:
                file: transform.sql
              quality:
                checks:
                  - threshold: "> 10"
                    name: row_count
              sources:
                - columns:
                    id: BIGINT
                    amount: DOUBLE
                  path: data/orders.csv
                  type: csv
                  name: raw
              sla:
                availability: "99.9%"
                freshness: 1h
              description: >-
                Orders
            metadata:
              namespace: sales
              name: orders
            """;

    private final DescriptorParser parser = new DescriptorParser();

    @TempDir
    Path directory;

    private String document(String yaml) {
        ParsedDescriptors parsed = parser.parse("product.yaml", yaml, directory);
        parsed.throwIfInvalid();
        return parsed.descriptors().get(0).document();
    }

    @Test
    void formattingCommentsAndKeyOrderDoNotChangeTheDocument() throws IOException {
        Files.writeString(directory.resolve("transform.sql"), "SELECT * FROM raw");

        assertThat(document(REFORMATTED)).isEqualTo(document(ORIGINAL));
        assertThat(document(ORIGINAL)).startsWith("{\"apiVersion\":\"platform/v1\",\"kind\":\"DataProduct\",\"metadata\":");
    }

    @Test
    void contentChangesChangeTheDocument() throws IOException {
        Files.writeString(directory.resolve("transform.sql"), "SELECT * FROM raw");
        String original = document(ORIGINAL);

        assertThat(document(ORIGINAL.replace("\"> 10\"", "\"> 11\""))).isNotEqualTo(original);
        assertThat(document(ORIGINAL.replace("99.9%", "99.5%"))).isNotEqualTo(original);
        assertThat(document(ORIGINAL.replace("{id: BIGINT, amount: DOUBLE}", "{amount: DOUBLE, id: BIGINT}")))
                .as("a source's column order is its file's column order").isNotEqualTo(original);
    }

    @Test
    void changedTransformFileChangesTheDocument() throws IOException {
        Files.writeString(directory.resolve("transform.sql"), "SELECT * FROM raw");
        String before = document(ORIGINAL);

        Files.writeString(directory.resolve("transform.sql"), "SELECT id FROM raw");

        assertThat(document(ORIGINAL)).isNotEqualTo(before).contains("\"sql\":\"SELECT id FROM raw\"");
    }

    @Test
    void storedDocumentRoundTrips() throws IOException {
        Files.writeString(directory.resolve("transform.sql"), "SELECT * FROM raw");
        String document = document(ORIGINAL);

        Descriptor rebound = parser.fromDocument(document, "store:dp.sales.orders@1");

        assertThat(rebound.document()).isEqualTo(document);
        assertThat(parser.parse(List.of(directory)).descriptors()).isEmpty();
    }
}
