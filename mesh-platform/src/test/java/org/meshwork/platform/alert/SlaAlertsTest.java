package org.meshwork.platform.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.sla.SlaObjective;
import org.meshwork.platform.sla.SlaTransition;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.testing.policy.InMemoryPolicyComplianceStore;
import org.meshwork.testing.store.InMemoryMetadataStore;

class SlaAlertsTest {
    @TempDir
    Path directory;

    @Test
    void breachesAndRecoveriesBecomeAlertsRoutedToTheProductsChannel() throws Exception {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(Path.of("../examples/.meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        Mesh mesh = Mesh.open(Workspace.openOrCreate(home), new InMemoryMetadataStore(), new InMemoryPolicyComplianceStore(),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        mesh.apply(List.of(Path.of("../examples/customer"), Path.of("../examples/sales"), Path.of("../examples/product")),
                UserName.of("olivia")); // orders link the customer domain's glossary term
        List<Alert> published = new ArrayList<>();
        SlaAlerts alerts = new SlaAlerts(published::add, mesh.products());
        ProductId orders = ProductId.parse("dp.sales.orders");

        alerts.accept(new SlaTransition(orders, SlaObjective.FRESHNESS, SlaTransition.Change.BREACHED,
                Instant.parse("2026-11-24T12:00:00Z"), "last published 2 h ago; SLA freshness 1h"));
        alerts.accept(new SlaTransition(orders, SlaObjective.FRESHNESS, SlaTransition.Change.RECOVERED,
                Instant.parse("2026-11-24T12:30:00Z"), "published 1 min ago"));

        assertThat(published).extracting(Alert::kind).containsExactly(AlertKind.SLA_BREACHED, AlertKind.SLA_RECOVERED);
        assertThat(published.get(0).title()).isEqualTo("dp.sales.orders: SLA freshness breached");
        assertThat(published.get(0).message()).isEqualTo("last published 2 h ago; SLA freshness 1h");
        assertThat(published.get(0).details()).containsEntry(SlaAlerts.OBJECTIVE, "freshness");
        assertThat(published.get(0).communicationChannel()).contains("#sales-data");
        assertThat(published.get(0).onCall()).contains("sales-oncall");
        assertThat(published.get(1).occurredAt()).isEqualTo(Instant.parse("2026-11-24T12:30:00Z"));
        mesh.close();
    }
}
