package org.meshwork.platform.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;

/**
 * Runs on the real stack (SQLite, DuckDB, Delta) in a workspace whose {@code mesh.yaml} sends alerts to a real HTTP
 * receiver: one global webhook and one channel webhook.
 */
class AlertingPipelineIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private HttpReceiver receiver;
    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        receiver = new HttpReceiver();
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        Files.writeString(home.resolve("mesh.yaml"), """
                notifications:
                  log: false
                  webhooks:
                    - {url: "%s", format: json}
                  channels:
                    "#lab-data": {url: "%s", format: slack}
                """.formatted(receiver.url("/hooks/meshwork"), receiver.url("/services/lab")), StandardOpenOption.APPEND);
        mesh = Mesh.open(home, Map.of());
    }

    @AfterEach
    void tearDown() {
        if (mesh != null) {
            mesh.close();
        }
        receiver.close();
    }

    private RunRecord run() {
        return mesh.run(EVENTS, ADMIN, RunProgress.NONE);
    }

    @Test
    void aFailedRequiredCheckSendsExactlyOneQualityAlertNamingTheCheck() throws Exception {
        Path csv = write("1,login\n2,hack\n3,query\n");
        apply(csv, """
                  quality:
                    checks:
                      - {name: known_kinds, type: accepted_values, column: kind, values: [login, query, export]}
                      - {name: has_rows, type: row_count, threshold: "> 0"}
                """, "");

        RunRecord run = run();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED_QUALITY);
        mesh.close(); // drains the alert queue
        mesh = null;

        // one alert, delivered once to the global webhook and once to the product's channel
        List<HttpReceiver.Request> received = receiver.received();
        assertThat(received).extracting(HttpReceiver.Request::path)
                .containsExactlyInAnyOrder("/hooks/meshwork", "/services/lab");
        JsonNode alert = JSON.readTree(received.stream().filter(r -> r.path().equals("/hooks/meshwork")).findFirst()
                .orElseThrow().body());
        assertThat(alert.get("kind").asText()).isEqualTo("quality_failed");
        assertThat(alert.get("product").asText()).isEqualTo("dp.lab.events");
        assertThat(alert.get("message").asText()).contains("known_kinds").doesNotContain("has_rows");
        assertThat(alert.get("details").get("run_id").asText()).isEqualTo(run.runId());
        assertThat(alert.get("details").get("run_status").asText()).isEqualTo("failed_quality");
        assertThat(alert.get("details").get("failed_checks").asText()).isEqualTo("known_kinds");
        assertThat(alert.get("details").has("check.known_kinds")).isTrue();
        JsonNode slack = JSON.readTree(received.stream().filter(r -> r.path().equals("/services/lab")).findFirst()
                .orElseThrow().body());
        assertThat(slack.get("text").asText()).isEqualTo("dp.lab.events: required quality checks failed");
        assertThat(slack.get("blocks").get(1).get("text").get("text").asText()).contains("known_kinds");
    }

    @Test
    void aFailedRunGoesToTheGlobalWebhookAndToTheProductsChannel() throws Exception {
        Path csv = write("1,login\n");
        // the contract declares a column the transform does not produce
        apply(csv, "", "      - {name: region, type: VARCHAR}\n");

        RunRecord run = run();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        mesh.close();
        mesh = null;

        assertThat(receiver.received()).extracting(HttpReceiver.Request::path)
                .containsExactlyInAnyOrder("/hooks/meshwork", "/services/lab");
        for (HttpReceiver.Request request : receiver.received()) {
            JsonNode body = JSON.readTree(request.body());
            if (request.path().equals("/hooks/meshwork")) {
                assertThat(body.get("kind").asText()).isEqualTo("run_failed");
                assertThat(body.get("communication_channel").asText()).isEqualTo("#lab-data");
                assertThat(body.get("on_call").asText()).isEqualTo("lab-oncall");
            } else {
                assertThat(body.get("text").asText()).isEqualTo("dp.lab.events: run failed");
            }
        }
    }

    @Test
    void aRunPastItsTimeoutRaisesATimedOutAlert() throws Exception {
        Path csv = write("1,login\n");
        apply(csv, "  orchestration: {timeout: 1s}\n", "", "SELECT e.event_id, e.kind FROM events e WHERE (SELECT count(*)"
                + " FROM range(1000000000) a, range(1000000) b WHERE a.range * b.range = 7) < 0");

        assertThat(run().status()).isEqualTo(RunStatus.TIMED_OUT);
        mesh.close();
        mesh = null;
        JsonNode alert = JSON.readTree(receiver.received().stream().filter(r -> r.path().equals("/hooks/meshwork"))
                .findFirst().orElseThrow().body());
        assertThat(alert.get("kind").asText()).isEqualTo("run_timed_out");
        assertThat(alert.get("message").asText()).contains("timeout of 1s");
    }

    @Test
    void aSucceededRunRaisesNoAlert() throws Exception {
        Path csv = write("1,login\n");
        apply(csv, "", "");

        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);
        mesh.close();
        mesh = null;
        assertThat(receiver.received()).isEmpty();
    }

    private Path write(String rows) throws IOException {
        Path csv = directory.resolve("lab/events.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "event_id,kind\n" + rows);
        return csv;
    }

    private void apply(Path csv, String quality, String extraColumns) throws IOException {
        apply(csv, quality, extraColumns, "SELECT event_id, kind FROM events");
    }

    private void apply(Path csv, String quality, String extraColumns, String sql) throws IOException {
        Path descriptor = csv.resolveSibling("events.yaml");
        Files.writeString(descriptor, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: platform-team
                  version: 1.0.0
                  ownership:
                    on_call_rotation: lab-oncall
                    communication_channel: "#lab-data"
                  sources:
                    - name: events
                      type: csv
                      path: events.csv
                      options: {header: true}
                      columns: {event_id: BIGINT NOT NULL, kind: VARCHAR}
                  transform:
                    sql: "%s"
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                %s%s""".formatted(sql, extraColumns, quality));
        mesh.apply(List.of(descriptor), ADMIN);
    }
}
