package org.meshwork.governance.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.meshwork.api.Classification;
import org.meshwork.api.DomainName;
import org.meshwork.api.Environment;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.governance.identity.Directory;
import org.meshwork.governance.identity.TokenAuthenticator;
import org.meshwork.testing.access.InMemoryAccessStore;

/**
 * The access matrix at the decision level: every role × every classification × every operation (read data, read
 * schema, apply, grant, approve), each cell asserted against an expected value written out in full. A read is
 * rendered as {@code columns | row filter}, a masked column as {@code name~mask}; {@code FORBIDDEN} is a refusal.
 */
class AccessMatrixTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final TeamName SALES = TeamName.of("sales-team");
    private static final TeamName ANALYTICS = TeamName.of("analytics-team");
    private static final TeamName MARKETING = TeamName.of("marketing-team");
    private static final String PURPOSE = "fraud review";
    private static final String FORBIDDEN = "FORBIDDEN";

    private static final String ALL_CLEAR = "id,region,email,name | *";
    private static final String ALL_MASKED = "id,region,email~hash,name~redact | *";
    private static final String GRANTED_FILTERED = "id,region,email~hash | region eq EU";

    private static final Directory DIRECTORY = new Directory(
            Map.of(SALES, Set.of(UserName.of("alice"), UserName.of("bob")),
                    ANALYTICS, Set.of(UserName.of("carol")),
                    MARKETING, Set.of(UserName.of("dave"), UserName.of("erin"))),
            Set.of(UserName.of("root")), Set.of(UserName.of("audrey")), Set.of(), Set.of());

    /** The roles of the matrix, each a principal of the directory. */
    enum Role {
        OWNER("alice"),
        TEAMMATE_IN_OWNING_TEAM("bob"),
        OTHER_TEAM_WITHOUT_GRANT("carol"),
        OTHER_TEAM_WITH_GRANT("dave"),
        OTHER_TEAM_WITH_PII_GRANT("erin"),
        USER_IN_NO_TEAM("zed"),
        PLATFORM_ADMIN("root"),
        AUDITOR("audrey");

        final String user;

        Role(String user) {
            this.user = user;
        }
    }

    private final Map<Role, Map<Classification, String>> expectedReads = new EnumMap<>(Role.class);

    {
        row(Role.OWNER, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR);
        row(Role.TEAMMATE_IN_OWNING_TEAM, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR);
        row(Role.OTHER_TEAM_WITHOUT_GRANT, ALL_MASKED, ALL_MASKED, FORBIDDEN, FORBIDDEN);
        // public/internal: the default (all rows) is wider than the grant (EU rows), so it is the one used
        row(Role.OTHER_TEAM_WITH_GRANT, ALL_MASKED, ALL_MASKED, GRANTED_FILTERED, GRANTED_FILTERED);
        row(Role.OTHER_TEAM_WITH_PII_GRANT, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR);
        row(Role.USER_IN_NO_TEAM, ALL_MASKED, FORBIDDEN, FORBIDDEN, FORBIDDEN);
        row(Role.PLATFORM_ADMIN, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR, ALL_CLEAR);
        row(Role.AUDITOR, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN);
    }

    private void row(Role role, String publicRead, String internalRead, String confidentialRead, String restrictedRead) {
        Map<Classification, String> cells = new EnumMap<>(Classification.class);
        cells.put(Classification.PUBLIC, publicRead);
        cells.put(Classification.INTERNAL, internalRead);
        cells.put(Classification.CONFIDENTIAL, confidentialRead);
        cells.put(Classification.RESTRICTED, restrictedRead);
        expectedReads.put(role, cells);
    }

    private static final Set<Role> CONTROLLERS = Set.of(Role.OWNER, Role.TEAMMATE_IN_OWNING_TEAM, Role.PLATFORM_ADMIN);

    private final FakeProductCatalog catalog = new FakeProductCatalog();
    private final InMemoryAccessStore store = new InMemoryAccessStore();

    AccessMatrixTest() {
        catalog.domainOwners.put(DomainName.of("sales"), SALES);
        for (Classification classification : Classification.values()) {
            ProductId id = product(classification);
            catalog.add(facts(id, classification, true));
            store.insertGrant(grant("g-dave-" + classification.label(), id, Grantee.user(UserName.of("dave")),
                    List.of("id", "region", "email"), List.of(Predicate.of("region", Operator.EQ, "EU")), false));
            store.insertGrant(grant("g-erin-" + classification.label(), id, Grantee.user(UserName.of("erin")), List.of(),
                    List.of(), true));
        }
    }

    @Test
    void everyRoleClassificationAndOperationInProduction() {
        MeshAccessController controller = controller(Environment.PROD);
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            Principal principal = DIRECTORY.principal(UserName.of(role.user));
            for (Classification classification : Classification.values()) {
                ProductId id = product(classification);
                String cell = role + " × " + classification.label();
                expected.put(cell + " × read data", expectedReads.get(role).get(classification));
                actual.put(cell + " × read data", read(controller, principal, id, Optional.of(PURPOSE)));
                expected.put(cell + " × read schema", "true");
                actual.put(cell + " × read schema", Boolean.toString(controller.canDiscover(principal, id)));
                for (ControlAction action : List.of(ControlAction.APPLY, ControlAction.GRANT, ControlAction.APPROVE)) {
                    expected.put(cell + " × " + action.label(), CONTROLLERS.contains(role) ? "allowed" : FORBIDDEN);
                    actual.put(cell + " × " + action.label(), control(controller, principal, action, id));
                }
            }
        }
        assertThat(actual).hasSize(Role.values().length * 4 * 5).containsExactlyEntriesOf(expected);
    }

    @Test
    void anonymousAndUnknownTokensAuthenticateToNobody() {
        TokenAuthenticator authenticator = new TokenAuthenticator(store, () -> DIRECTORY, clock());
        for (String credential : new String[] {null, "", "Bearer", "mwt_000000000000_"
                + "A".repeat(43), "not-a-token"}) {
            assertThat(authenticator.authenticate(credential)).as("credential %s", credential).isEmpty();
        }
    }

    @Test
    void restrictedDataIsReadOnlyForTheGrantsStatedPurpose() {
        MeshAccessController controller = controller(Environment.PROD);
        Principal dave = DIRECTORY.principal(UserName.of("dave"));
        ProductId restricted = product(Classification.RESTRICTED);
        assertThatThrownBy(() -> controller.authorizeRead(dave, restricted, Optional.empty()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("restricted data is read only for a stated purpose")
                .hasMessageContaining("mesh access request " + restricted);
        assertThatThrownBy(() -> controller.authorizeRead(dave, restricted, Optional.of("marketing")))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("is for the purpose 'fraud review', not 'marketing'");
        ReadDecision decision = controller.authorizeRead(dave, restricted, Optional.of("  Fraud   REVIEW "));
        assertThat(decision.basis()).isEqualTo("grant g-dave-restricted");
        // the owner needs no purpose
        assertThat(render(controller.authorizeRead(DIRECTORY.principal(UserName.of("alice")), restricted,
                Optional.empty()))).isEqualTo(ALL_CLEAR);
    }

    @Test
    void outsideProductionPiiIsMaskedForEveryoneEvenOwnersAndAdmins() {
        for (Environment environment : List.of(Environment.DEV, Environment.STAGING)) {
            MeshAccessController controller = controller(environment);
            for (String user : List.of("alice", "root", "erin")) {
                ReadDecision decision = controller.authorizeRead(DIRECTORY.principal(UserName.of(user)),
                        product(Classification.CONFIDENTIAL), Optional.of(PURPOSE));
                assertThat(render(decision)).as("%s in %s", user, environment).isEqualTo(ALL_MASKED);
            }
        }
    }

    @Test
    void revokedAndExpiredGrantsNoLongerCount() {
        ProductId confidential = product(Classification.CONFIDENTIAL);
        Principal dave = DIRECTORY.principal(UserName.of("dave"));
        assertThat(store.revokeGrant("g-dave-confidential", NOW)).isTrue();
        assertThat(read(controller(Environment.PROD), dave, confidential, Optional.empty())).isEqualTo(FORBIDDEN);

        store.insertGrant(new Grant("g-short", confidential, Grantee.team(MARKETING), List.of(), List.of(),
                Optional.empty(), false, UserName.of("alice"), NOW.minus(Duration.ofDays(2)),
                Optional.of(NOW.minus(Duration.ofDays(1))), Optional.empty(), Optional.empty()));
        assertThat(read(controller(Environment.PROD), dave, confidential, Optional.empty())).isEqualTo(FORBIDDEN);
        store.insertGrant(new Grant("g-team", confidential, Grantee.team(MARKETING), List.of("id"), List.of(),
                Optional.empty(), false, UserName.of("alice"), NOW, Optional.of(NOW.plusSeconds(60)),
                Optional.empty(), Optional.empty()));
        assertThat(read(controller(Environment.PROD), dave, confidential, Optional.empty())).isEqualTo("id | *");
    }

    @Test
    void aProductThatIsNotDiscoverableIsInvisibleToThoseWhoMayNotReadIt() {
        ProductId hidden = ProductId.parse("dp.sales.hidden");
        catalog.add(facts(hidden, Classification.CONFIDENTIAL, false));
        MeshAccessController controller = controller(Environment.PROD);
        Principal carol = DIRECTORY.principal(UserName.of("carol"));
        assertThat(controller.canDiscover(carol, hidden)).isFalse();
        assertThatThrownBy(() -> controller.authorizeRead(carol, hidden, Optional.empty()))
                .isInstanceOf(NoSuchProductException.class);
        assertThatThrownBy(() -> controller.authorizeControl(carol, ControlAction.REQUEST_ACCESS, hidden))
                .isInstanceOf(NoSuchProductException.class);
        for (String user : List.of("alice", "root", "audrey")) {
            assertThat(controller.canDiscover(DIRECTORY.principal(UserName.of(user)), hidden)).as(user).isTrue();
        }
        store.insertGrant(grant("g-carol", hidden, Grantee.user(UserName.of("carol")), List.of(), List.of(), false));
        assertThat(controller.canDiscover(carol, hidden)).isTrue();
    }

    @Test
    void auditorsReadTheAuditLogAndNobodyElseButAdmins() {
        MeshAccessController controller = controller(Environment.PROD);
        ProductId id = product(Classification.PUBLIC);
        assertThat(control(controller, DIRECTORY.principal(UserName.of("audrey")), ControlAction.READ_AUDIT, id))
                .isEqualTo("allowed");
        assertThat(control(controller, DIRECTORY.principal(UserName.of("root")), ControlAction.READ_AUDIT, id))
                .isEqualTo("allowed");
        assertThat(control(controller, DIRECTORY.principal(UserName.of("alice")), ControlAction.READ_AUDIT, id))
                .isEqualTo(FORBIDDEN);
        assertThatThrownBy(() -> controller.authorizeControl(DIRECTORY.principal(UserName.of("carol")),
                ControlAction.APPLY, id))
                .hasMessage("user 'carol' may not apply product 'dp.sales.public': only members of team 'sales-team',"
                        + " which owns domain 'sales', or platform admins may");
    }

    @Test
    void aGrantWhoseFilterNamesAVanishedColumnFailsClosed() {
        ProductId confidential = product(Classification.CONFIDENTIAL);
        store.insertGrant(grant("g-old", confidential, Grantee.user(UserName.of("carol")), List.of(),
                List.of(Predicate.of("country", Operator.EQ, "FR")), false));
        assertThatThrownBy(() -> controller(Environment.PROD).authorizeRead(DIRECTORY.principal(UserName.of("carol")),
                confidential, Optional.empty()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("grant g-old filters on column 'country', which the contract no longer has");
    }

    private MeshAccessController controller(Environment environment) {
        return new MeshAccessController(catalog, store, environment, clock());
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private static ProductId product(Classification classification) {
        return ProductId.parse("dp.sales." + classification.label());
    }

    private static ProductFacts facts(ProductId id, Classification classification, boolean discoverable) {
        return new ProductFacts(id, Optional.of(SALES), classification, List.of(
                new ColumnFacts("id", false, MaskStrategy.REDACT),
                new ColumnFacts("region", false, MaskStrategy.REDACT),
                new ColumnFacts("email", true, MaskStrategy.HASH),
                new ColumnFacts("name", true, MaskStrategy.REDACT)), discoverable, List.of());
    }

    private static Grant grant(String id, ProductId product, Grantee grantee, List<String> columns,
            List<Predicate> filter, boolean pii) {
        return new Grant(id, product, grantee, columns, filter, Optional.of(PURPOSE), pii, UserName.of("alice"), NOW,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static String read(MeshAccessController controller, Principal principal, ProductId id,
            Optional<String> purpose) {
        try {
            return render(controller.authorizeRead(principal, id, purpose));
        } catch (ForbiddenException e) {
            return FORBIDDEN;
        }
    }

    private static String control(MeshAccessController controller, Principal principal, ControlAction action,
            ProductId id) {
        try {
            controller.authorizeControl(principal, action, id);
            return "allowed";
        } catch (ForbiddenException e) {
            return FORBIDDEN;
        }
    }

    private static String render(ReadDecision decision) {
        String columns = decision.columns().stream()
                .map(column -> column.name() + column.mask().map(mask -> "~" + mask.label()).orElse(""))
                .collect(Collectors.joining(","));
        List<String> filter = new ArrayList<>();
        for (Predicate predicate : decision.rowFilter()) {
            filter.add(predicate.column() + " " + predicate.operator().label() + " " + String.join(",", predicate.values()));
        }
        return columns + " | " + (filter.isEmpty() ? "*" : String.join(" AND ", filter));
    }
}
