package org.meshwork.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.store.RunStatus;
import org.meshwork.governance.audit.ReadAuditEvents;
import org.meshwork.governance.identity.IssuedToken;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.product.ProductRepository;

/**
 * Access control wired in {@link Mesh} on a real workspace (SQLite, DuckDB, Delta): decisions come from the applied
 * descriptors (domain owners, PII flags and masks, {@code discoverable}, auto-approval), tokens authenticate, and apply,
 * run and reads land in the audit log. The over-HTTP flow comes with the server.
 */
class MeshAccessIT {
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");
    private static final ProductId HIDDEN = ProductId.parse("dp.lab.hidden");

    @TempDir
    Path directory;

    private Mesh mesh;

    @AfterEach
    void close() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private Mesh open(String environment) throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws-" + environment));
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: %s
                default_user: root
                platform_admins: [root]
                auditors: [audrey]
                service_accounts: {svc-bi: {description: dashboards}}
                teams:
                  lab-team: {members: [alice]}
                  analytics-team: {members: [carol, svc-bi]}
                notifications: {log: false}
                """.formatted(environment));
        mesh = Mesh.open(home, Map.of());
        mesh.apply(List.of(descriptors()), UserName.of("alice"));
        return mesh;
    }

    @Test
    void decisionsFollowTheAppliedDescriptorsInProduction() throws Exception {
        open("prod");
        Principal alice = mesh.principal(UserName.of("alice"));
        Principal carol = mesh.principal(UserName.of("carol"));
        ReadDecision owner = mesh.accessController().authorizeRead(alice, EVENTS, Optional.empty());
        assertThat(owner.columns()).extracting(ColumnAccess::isMasked).containsOnly(false);
        assertThat(owner.basis()).isEqualTo("owner (team lab-team)");

        ReadDecision consumer = mesh.accessController().authorizeRead(carol, EVENTS, Optional.empty());
        assertThat(consumer.columns()).extracting(c -> c.name() + c.mask().map(m -> "~" + m.label()).orElse(""))
                .containsExactly("event_id", "kind", "email~hash", "phone~partial", "name~redact");

        // not discoverable: a stranger cannot tell it exists; the owner and the auditor see it
        assertThat(mesh.accessController().canDiscover(carol, HIDDEN)).isFalse();
        assertThatThrownBy(() -> mesh.accessController().authorizeRead(carol, HIDDEN, Optional.empty()))
                .isInstanceOf(NoSuchProductException.class);
        assertThat(mesh.accessController().canDiscover(mesh.principal(UserName.of("audrey")), HIDDEN)).isTrue();

        // without an auto-approval rule, a request waits for the owners
        AccessRequest request = mesh.access().request(mesh.principal(UserName.of("svc-bi")), EVENTS,
                Optional.of("dashboards"), List.of("event_id"));
        assertThat(request.status()).isEqualTo(AccessRequestStatus.PENDING);
        assertThat(mesh.access().pending(alice, Optional.empty())).extracting(AccessRequest::id)
                .containsExactly(request.id());
    }

    @Test
    void outsideProductionOwnersSeePiiMasked() throws Exception {
        open("staging");
        ReadDecision owner = mesh.accessController().authorizeRead(mesh.principal(UserName.of("alice")), EVENTS,
                Optional.empty());
        assertThat(owner.columns()).filteredOn(ColumnAccess::isMasked).extracting(ColumnAccess::name)
                .containsExactly("email", "phone", "name");
    }

    @Test
    void tokensAuthenticateAndApplyRunAndReadsAreAudited() throws Exception {
        open("prod");
        Principal root = mesh.principal(UserName.of("root"));
        IssuedToken token = mesh.access().createToken(root, UserName.of("svc-bi"), Optional.empty(), Optional.empty());
        Principal service = mesh.authenticator().authenticate(token.text()).orElseThrow();
        assertThat(service.teams()).extracting(Object::toString).containsExactly("analytics-team");
        assertThat(mesh.authenticator().authenticate(token.text() + "x")).isEmpty();

        assertThat(mesh.run(EVENTS, UserName.of("alice"), RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThatThrownBy(() -> mesh.run(EVENTS, UserName.of("carol"), RunProgress.NONE))
                .isInstanceOf(ForbiddenException.class);
        ReadDecision decision = mesh.accessController().authorizeRead(service, EVENTS, Optional.empty());
        mesh.auditLog().append(ReadAuditEvents.allowed(mesh.clock().instant(), service, ReadAuditEvents.READ, decision,
                OptionalLong.of(0), 3, Optional.of("127.0.0.1")));

        List<AuditEntry> entries = mesh.access().audit(mesh.principal(UserName.of("audrey")),
                AuditQuery.all(100));
        List<String> actions = new ArrayList<>();
        entries.forEach(entry -> actions.add(entry.event().actor() + " " + entry.event().action() + " "
                + entry.event().product().map(Object::toString).orElse("-") + " " + entry.event().outcome()));
        assertThat(actions).containsExactly(
                "alice apply - allowed",
                "alice apply dp.lab.events allowed",
                "alice apply dp.lab.hidden allowed",
                "root token_create - allowed",
                "alice run dp.lab.events allowed",
                "carol run dp.lab.events denied",
                "svc-bi read dp.lab.events allowed");
        assertThat(entries.get(6).event().details()).containsEntry("columns",
                "event_id,kind,email~hash,phone~partial,name~redact").containsEntry("rows", "3")
                .containsEntry("basis", "internal (member of team analytics-team)");
        assertThat(mesh.access().verifyAudit(root).intact()).isTrue();
        assertThatThrownBy(() -> mesh.access().audit(mesh.principal(UserName.of("alice")), AuditQuery.all(10)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void requestsAndDecisionsAreNotifiedThroughAlerts() {
        List<Alert> published = new ArrayList<>();
        AlertAccessListener listener = new AlertAccessListener(published::add,
                new ProductRepository(new org.meshwork.testing.store.InMemoryMetadataStore(),
                        new org.meshwork.descriptor.DescriptorParser()));
        AccessRequest request = new AccessRequest("r-1", EVENTS, UserName.of("carol"), Optional.of("churn"), List.of(),
                AccessRequestStatus.PENDING, java.time.Instant.parse("2026-11-24T10:00:00Z"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        listener.requested(request);
        listener.decided(request.decided(AccessRequestStatus.DENIED, UserName.of("alice"),
                java.time.Instant.parse("2026-11-24T10:05:00Z"), "no need", Optional.empty()));
        assertThat(published).extracting(Alert::kind).containsExactly(AlertKind.ACCESS_REQUESTED, AlertKind.ACCESS_DECIDED);
        assertThat(published.get(1).details()).containsEntry("requester", "carol").containsEntry("status", "denied")
                .containsEntry("reason", "no need");
        assertThat(published.get(1).message()).contains("was denied by alice: no need");
    }

    private Path descriptors() throws IOException {
        Path dir = Files.createDirectories(directory.resolve("lab"));
        Files.writeString(dir.resolve("events.csv"), "event_id,kind,email,phone,name\n1,login,a@x.io,5551234,Ann\n"
                + "2,query,b@x.io,5555678,Bob\n3,login,c@x.io,5559012,Cy\n");
        Files.writeString(dir.resolve("lab.yaml"), """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {description: Lab, owner_team: lab-team}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: internal
                  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR, email: VARCHAR, phone: VARCHAR, name: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind, email, phone, name FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                      - {name: email, type: VARCHAR, classification: pii, mask: hash}
                      - {name: phone, type: VARCHAR, pii: true, mask: partial}
                      - {name: name, type: VARCHAR, classification: PII}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: hidden, namespace: lab}
                spec:
                  description: Not in the catalog
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: confidential
                  discovery: {discoverable: false}
                  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR, email: VARCHAR, phone: VARCHAR, name: VARCHAR}}
                  transform: {sql: "SELECT event_id FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                """);
        return dir;
    }
}
