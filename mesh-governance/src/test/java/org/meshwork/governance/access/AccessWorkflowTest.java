package org.meshwork.governance.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshwork.api.Classification;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.Environment;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.descriptor.AutoApproveRule;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.governance.identity.Directory;
import org.meshwork.testing.access.InMemoryAccessStore;
import org.meshwork.testing.access.InMemoryAuditTrail;
import org.meshwork.testing.time.MutableClock;

class AccessWorkflowTest {
    private static final TeamName SALES = TeamName.of("sales-team");
    private static final TeamName ANALYTICS = TeamName.of("analytics-team");
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId OPEN = ProductId.parse("dp.sales.open");
    private static final ProductId SECRET = ProductId.parse("dp.sales.secret");

    private final Directory directory = new Directory(Map.of(SALES, Set.of(UserName.of("alice")),
            ANALYTICS, Set.of(UserName.of("carol"))), Set.of(UserName.of("root")), Set.of(UserName.of("audrey")),
            Set.of(), Set.of(UserName.of("zed")));
    private final FakeProductCatalog catalog = new FakeProductCatalog();
    private final InMemoryAccessStore store = new InMemoryAccessStore();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<String> notifications = new ArrayList<>();
    private final MeshAccessController controller = new MeshAccessController(catalog, store, Environment.PROD, clock);
    private final AccessWorkflow workflow;
    private final Principal alice = directory.principal(UserName.of("alice"));
    private final Principal carol = directory.principal(UserName.of("carol"));

    AccessWorkflowTest() {
        catalog.domainOwners.put(DomainName.of("sales"), SALES);
        catalog.add(product(ORDERS, Classification.CONFIDENTIAL, List.of()));
        catalog.add(product(OPEN, Classification.INTERNAL, List.of(new AutoApproveRule(Classification.INTERNAL,
                List.of(), true, Optional.of(DurationSpec.parse("30d"))))));
        catalog.add(product(SECRET, Classification.RESTRICTED, List.of()));
        workflow = new AccessWorkflow(catalog, store, controller, directory, audit, new AccessListener() {
            @Override
            public void requested(AccessRequest request) {
                notifications.add("requested " + request.id());
            }

            @Override
            public void decided(AccessRequest request) {
                notifications.add(request.status().label() + " " + request.id() + " for " + request.requester());
            }
        }, clock);
    }

    @Test
    void requestThenApproveCreatesTheGrantAndTheRequesterReads() {
        assertThatThrownBy(() -> controller.authorizeRead(carol, ORDERS, Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        AccessRequest request = workflow.request(carol, ORDERS, Optional.of("churn model"), List.of("id", "email"));
        assertThat(request.status()).isEqualTo(AccessRequestStatus.PENDING);
        assertThat(workflow.pending(alice, Optional.empty())).extracting(AccessRequest::id).containsExactly(request.id());
        assertThat(workflow.pending(alice, Optional.of(DomainName.of("marketing")))).isEmpty();
        assertThat(workflow.pending(carol, Optional.empty())).isEmpty();
        assertThatThrownBy(() -> workflow.approve(carol, request.id(), Optional.empty()))
                .isInstanceOf(ForbiddenException.class);

        AccessRequest approved = workflow.approve(alice, request.id(), Optional.of("ok for churn"));
        assertThat(approved.status()).isEqualTo(AccessRequestStatus.APPROVED);
        Grant grant = store.grant(approved.grantId().orElseThrow()).orElseThrow();
        assertThat(grant.grantee()).isEqualTo(Grantee.user(UserName.of("carol")));
        assertThat(grant.columns()).containsExactly("id", "email");
        assertThat(grant.requestId()).contains(request.id());
        assertThat(controller.authorizeRead(carol, ORDERS, Optional.empty()).columns())
                .extracting(column -> column.name() + column.mask().map(m -> "~" + m.label()).orElse(""))
                .containsExactly("id", "email~hash");
        assertThat(workflow.mine(carol)).extracting(AccessRequest::status).containsExactly(AccessRequestStatus.APPROVED);
        assertThat(notifications).containsExactly("requested " + request.id(),
                "approved " + request.id() + " for carol");
        assertThatThrownBy(() -> workflow.deny(alice, request.id(), "too late"))
                .isInstanceOf(CommitConflictException.class).hasMessageContaining("was approved already by alice");

        assertThat(audit.entries()).extracting(entry -> entry.event().actor() + " " + entry.event().action() + " "
                        + entry.event().outcome())
                .containsExactly("carol request_access allowed", "carol approve denied", "alice approve allowed");
        assertThat(audit.entries().get(2).event().details()).containsEntry("grant", grant.id())
                .containsEntry("requester", "carol").containsEntry("columns", "id,email");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void autoApprovalDecidesAMatchingRequestAtOnce() {
        Principal zed = directory.principal(UserName.of("zed"));
        // zed is in no team: the rule (any team) does not match, the request waits
        assertThat(workflow.request(zed, OPEN, Optional.of("look"), List.of()).status())
                .isEqualTo(AccessRequestStatus.PENDING);
        // without a purpose the rule does not match either
        assertThat(workflow.request(carol, OPEN, Optional.empty(), List.of()).status())
                .isEqualTo(AccessRequestStatus.PENDING);
        ProductId other = ProductId.parse("dp.sales.other");
        catalog.add(product(other, Classification.INTERNAL, List.of(new AutoApproveRule(Classification.INTERNAL,
                List.of(), true, Optional.of(DurationSpec.parse("30d"))))));
        AccessRequest request = workflow.request(carol, other, Optional.of("dashboards"), List.of());
        assertThat(request.status()).isEqualTo(AccessRequestStatus.APPROVED);
        assertThat(request.decidedBy()).contains(AccessWorkflow.AUTO_APPROVAL);
        assertThat(request.reason().orElseThrow()).contains("auto-approved by rule 1");
        Grant grant = store.grant(request.grantId().orElseThrow()).orElseThrow();
        assertThat(grant.piiClearance()).isFalse();
        assertThat(grant.expiresAt()).contains(clock.instant().plus(Duration.ofDays(30)));
        assertThat(notifications).last().isEqualTo("approved " + request.id() + " for carol");
        assertThat(audit.entries()).extracting(AuditEntry::event).extracting(e -> e.actor() + " " + e.action())
                .endsWith("carol request_access", "auto-approval approve");
    }

    @Test
    void denyNeedsAReasonAndTellsTheRequester() {
        AccessRequest request = workflow.request(carol, ORDERS, Optional.of("curiosity"), List.of());
        assertThatThrownBy(() -> workflow.deny(alice, request.id(), " "))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--reason is required");
        AccessRequest denied = workflow.deny(alice, request.id(), "no business need");
        assertThat(denied.status()).isEqualTo(AccessRequestStatus.DENIED);
        assertThat(denied.reason()).contains("no business need");
        assertThat(notifications).last().isEqualTo("denied " + request.id() + " for carol");
        assertThat(store.grants(ORDERS)).isEmpty();
    }

    @Test
    void grantsAreValidatedAgainstTheContractAndTheWorkspace() {
        assertThatThrownBy(() -> workflow.grant(alice, ORDERS, grant("team:analytics-team", List.of("nope"), null, null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--columns: column 'nope' is not in the contract of dp.sales.orders; its columns are"
                        + " [id, region, email]");
        assertThatThrownBy(() -> workflow.grant(alice, ORDERS, grant("team:analytics-team", List.of(), "country = 'x'",
                null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("--where: column 'country' is not in the contract");
        assertThatThrownBy(() -> workflow.grant(alice, ORDERS, grant("team:ghosts", List.of(), null, null)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("team 'ghosts' is not declared");
        assertThatThrownBy(() -> workflow.grant(alice, SECRET, grant("user:carol", List.of(), null, null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("dp.sales.secret is restricted: a grant needs --purpose, the purpose readers will state");
        assertThatThrownBy(() -> workflow.grant(carol, ORDERS, grant("user:carol", List.of(), null, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(store.grants(ORDERS)).isEmpty();

        Grant grant = workflow.grant(alice, ORDERS, grant("team:analytics-team", List.of("id", "region"),
                "region = 'EU'", "reporting"));
        assertThat(grant.rowFilter()).containsExactly(Predicate.of("region", Operator.EQ, "EU"));
        assertThat(workflow.grants(carol, ORDERS)).containsExactly(grant);
        Grant revoked = workflow.revoke(alice, grant.id());
        assertThat(revoked.revokedAt()).contains(clock.instant());
        assertThatThrownBy(() -> controller.authorizeRead(carol, ORDERS, Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(audit.entries()).extracting(e -> e.event().action() + " " + e.event().outcome())
                .containsExactly("grant denied", "grant allowed", "revoke allowed");
    }

    private static GrantRequest grant(String to, List<String> columns, String where, String purpose) {
        return new GrantRequest(Grantee.parse(to), columns, Optional.ofNullable(where), Optional.ofNullable(purpose),
                Optional.empty(), false);
    }

    private static ProductFacts product(ProductId id, Classification classification, List<AutoApproveRule> rules) {
        return new ProductFacts(id, Optional.of(SALES), classification, List.of(
                new ColumnFacts("id", false, MaskStrategy.REDACT),
                new ColumnFacts("region", false, MaskStrategy.REDACT),
                new ColumnFacts("email", true, MaskStrategy.HASH)), true, rules);
    }
}
