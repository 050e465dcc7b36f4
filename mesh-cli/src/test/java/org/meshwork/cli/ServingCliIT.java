package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh get} and {@code mesh query} on the sample mesh, in process, through the governed read path. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingCliIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    private Map<String, String> environment;

    @BeforeAll
    void setUp() throws Exception {
        Path workspace = directory.resolve("ws");
        Files.createDirectories(workspace);
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), workspace.resolve("mesh.yaml"));
        environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
        assertSucceeds(mesh("apply", "-f", EXAMPLES.toString()));
        for (String id : new String[] {"dp.customer.360", "dp.product.catalog", "dp.sales.orders"}) {
            assertSucceeds(mesh("run", id));
        }
    }

    private CliRun mesh(String... args) {
        return CliRun.of(environment, args);
    }

    private static CliRun assertSucceeds(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void getFiltersSelectsOrdersAndMasksPiiOutsideProduction() throws Exception {
        CliRun csv = assertSucceeds(mesh("get", "dp.customer.360", "--select", "customer_id,full_name,email",
                "--order", "customer_id", "--limit", "2", "--format", "csv"));
        String[] lines = csv.out().split("\r\n");
        assertThat(lines[0]).isEqualTo("customer_id,full_name,email");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).matches("\\d+,\\*\\*\\*,[0-9a-f]{64}");
        assertThat(csv.err()).contains("more rows follow: add --cursor ");

        CliRun json = assertSucceeds(mesh("get", "dp.sales.orders", "--filter", "status=eq.refunded",
                "--filter", "amount=gt.0", "--select", "order_id,amount,status", "--format", "json"));
        JsonNode rows = JSON.readTree(json.out());
        assertThat(rows.size()).isPositive();
        rows.forEach(row -> assertThat(row.get("status").asText()).isEqualTo("refunded"));

        CliRun table = assertSucceeds(mesh("get", "dp.sales.orders", "--select", "order_id,status", "--limit", "3"));
        assertThat(table.out()).contains("ORDER_ID").contains("STATUS"); // the CLI's tables have upper-case headers
        assertThat(table.out().lines().count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void queryJoinsProductsAndWritesParquetFiles() throws Exception {
        CliRun count = assertSucceeds(mesh("query", "SELECT count(*) AS n FROM \"dp.sales.orders\" o"
                + " JOIN \"dp.customer.360\" c USING (customer_id)", "--format", "json"));
        assertThat(JSON.readTree(count.out()).get(0).get("n").asLong()).isPositive();

        Path parquet = directory.resolve("out/orders.parquet");
        CliRun written = assertSucceeds(mesh("get", "dp.sales.orders", "--version", "0", "--format", "parquet",
                "--output", parquet.toString()));
        assertThat(written.err()).contains("120 rows of dp.sales.orders version 0 written to");
        assertThat(Files.size(parquet)).isPositive();
        assertThat(Files.readAllBytes(parquet)).startsWith('P', 'A', 'R', '1');
    }

    @Test
    void refusalsHaveTheirExitCodesAndWriteNothing() {
        Path output = directory.resolve("never.csv");
        CliRun attack = mesh("query", "SELECT * FROM read_csv('/etc/passwd')", "--format", "csv", "--output",
                output.toString());
        assertThat(attack.exitCode()).as(attack.toString()).isEqualTo(2);
        assertThat(attack.err()).contains("table function read_csv() is not allowed");
        assertThat(output).doesNotExist();

        CliRun forbidden = mesh("--as", "ana", "get", "dp.customer.360");
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(1);
        assertThat(forbidden.err()).contains("'ana' may not read dp.customer.360: it is confidential")
                .contains("mesh access request dp.customer.360");

        CliRun badFilter = mesh("get", "dp.sales.orders", "--filter", "amount=between.1");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).contains("amount=between.1: unknown operator 'between'");

        CliRun parquetToTerminal = mesh("get", "dp.sales.orders", "--format", "parquet");
        assertThat(parquetToTerminal.exitCode()).isEqualTo(2);
        assertThat(parquetToTerminal.err()).contains("give --output FILE");

        CliRun badColumn = mesh("get", "dp.sales.orders", "--select", "nope", "--format", "csv", "--output",
                output.toString());
        assertThat(badColumn.exitCode()).isEqualTo(2);
        assertThat(output).doesNotExist();
    }

    @Test
    void everyReadIsInTheAuditLog() throws Exception {
        assertSucceeds(mesh("--as", "ana", "get", "dp.sales.orders", "--limit", "1", "--purpose", "quarterly review"));
        // the tamper-evident audit log in the metadata store, read as a platform admin
        JsonNode log = JSON.readTree(assertSucceeds(mesh("audit", "--user", "ana", "--json")).out());
        assertThat(log).anySatisfy(entry -> {
            assertThat(entry.get("actor").asText()).isEqualTo("ana");
            assertThat(entry.get("action").asText()).isEqualTo("read");
            assertThat(entry.get("product").asText()).isEqualTo("dp.sales.orders");
            assertThat(entry.get("outcome").asText()).isEqualTo("allowed");
            assertThat(entry.get("details").get("purpose").asText()).isEqualTo("quarterly review");
        });
    }
}
