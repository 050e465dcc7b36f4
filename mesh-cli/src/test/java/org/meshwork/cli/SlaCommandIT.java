package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh sla} end to end, in process, on a real workspace with real runs. */
class SlaCommandIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws IOException {
        Path workspace = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), workspace.resolve("mesh.yaml"));
        environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
    }

    private CliRun mesh(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void showsEachObjectiveTheMetricsAndTheOverallStatus() throws Exception {
        Path descriptor = product("events", "  sla: {freshness: 1h, availability: \"99%\", accuracy: \"99.5%\"}\n");
        assertThat(mesh("apply", "-f", descriptor.toString()).exitCode()).isZero();
        CliRun before = mesh("sla", "dp.lab.events");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).contains("dp.lab.events SLA: RED").contains("never published; SLA freshness 1h");

        CliRun run = mesh("run", "dp.lab.events");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        CliRun sla = mesh("sla", "dp.lab.events");
        assertThat(sla.exitCode()).as(sla.toString()).isZero();
        assertThat(sla.out())
                .contains("dp.lab.events SLA: GREEN")
                .containsPattern("freshness +1h +\\d+ s +met +last published \\d+ s ago; SLA freshness 1h")
                .contains("SLA availability 99%")
                .contains("2 of 2 check results passed in the last 7 d (100%); SLA accuracy 99.5%")
                .contains("completeness  1.0000")
                .contains("accuracy      1.0000")
                .contains("No breaches or recoveries in the last 7 d.");

        JsonNode json = JSON.readTree(mesh("sla", "dp.lab.events", "--json", "--window", "24h").out());
        assertThat(json.get("status").asText()).isEqualTo("green");
        assertThat(json.get("window_seconds").asLong()).isEqualTo(86_400);
        assertThat(json.get("objectives")).hasSize(3);
        assertThat(json.get("objectives").get(0).get("objective").asText()).isEqualTo("freshness");
        assertThat(json.get("objectives").get(0).get("status").asText()).isEqualTo("met");
        assertThat(json.get("quality_metrics").get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(json.get("quality_metrics").get("completeness").asDouble()).isEqualTo(1.0);
        assertThat(json.get("transitions")).isEmpty();
    }

    @Test
    void aProductWithoutAnSlaSaysSoAndAnUnknownOneIsNotFound() throws Exception {
        assertThat(mesh("apply", "-f", product("plain", "").toString()).exitCode()).isZero();
        CliRun sla = mesh("sla", "dp.lab.plain");
        assertThat(sla.exitCode()).isZero();
        assertThat(sla.out()).contains("dp.lab.plain SLA: no SLA").contains("completeness  -");
        assertThat(JSON.readTree(mesh("sla", "dp.lab.plain", "--json").out()).get("status").asText()).isEqualTo("no_sla");

        CliRun missing = mesh("sla", "dp.lab.missing");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("dp.lab.missing");
        assertThat(mesh("sla", "dp.lab.plain", "--window", "soon").exitCode()).isEqualTo(2);
    }

    private Path product(String name, String sla) throws IOException {
        Path csv = directory.resolve("lab/events.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "event_id,kind\n1,login\n2,query\n3,query\n");
        Path descriptor = csv.resolveSibling(name + ".yaml");
        Files.writeString(descriptor, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: %s, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: platform-team
                  version: 1.0.0
                %s  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                  quality:
                    checks:
                      - {name: enough_rows, type: row_count, threshold: "> 0"}
                      - {name: kinds_present, type: null_percentage, column: kind, threshold: "< 1%%"}
                """.formatted(name, sla));
        return descriptor;
    }
}
