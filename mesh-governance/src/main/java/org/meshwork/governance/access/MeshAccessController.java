package org.meshwork.governance.access;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.Classification;
import org.meshwork.api.DomainName;
import org.meshwork.api.Environment;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.query.Predicate;

/**
 * The access rules of the mesh (see {@code docs/access-control.md}):
 *
 * <ul>
 *   <li>Platform admins and the owners of a product (members of the team that owns its domain) read all of it.</li>
 *   <li>Otherwise the product's sensitivity decides the default: {@code public} — any authenticated principal;
 *       {@code internal} — a member of any team; {@code confidential} — an active grant; {@code restricted} — an active
 *       grant with a purpose, used only by a read that states that same purpose.</li>
 *   <li>A grant may narrow the columns and the rows; grants do not combine, the widest one that applies is used (no
 *       row filter before a row filter, then more columns, then PII clearance).</li>
 *   <li>PII columns are masked unless the basis clears PII (owners, admins, a grant with {@code --pii}); outside
 *       production ({@code environment: dev|staging}) PII is always masked, for everyone.</li>
 *   <li>Auditors read metadata and the audit log, never data: separation of duties.</li>
 *   <li>A product with {@code discoverable: false} is invisible (not found) to whoever may not read it.</li>
 *   <li>Control actions on a product (apply, run, grant, revoke, approve, deny, policy change) are for its owners and
 *       platform admins; anyone but an auditor may request access to a product they can see.</li>
 * </ul>
 */
public final class MeshAccessController implements AccessController {
    private static final Comparator<Basis> WIDEST = Comparator
            .comparing((Basis basis) -> !basis.rowFilter().isEmpty())
            .thenComparing(basis -> -basis.columns().size())
            .thenComparing(basis -> !basis.piiClearance())
            .thenComparing(Basis::rank);

    private final ProductCatalog catalog;
    private final AccessStore grants;
    private final Environment environment;
    private final Clock clock;

    public MeshAccessController(ProductCatalog catalog, AccessStore grants, Environment environment, Clock clock) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.environment = requireNonNull(environment, "environment is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public ReadDecision authorizeRead(Principal principal, ProductId id, Optional<String> purpose) {
        requireNonNull(principal, "principal is null");
        requireNonNull(purpose, "purpose is null");
        ProductFacts product = visibleProduct(principal, id);
        if (principal.isAuditor() && !principal.isPlatformAdmin()) {
            throw new ForbiddenException("user '" + principal.name() + "' may not read the data of " + id
                    + ": auditors read metadata and the audit log, never data (separation of duties)");
        }
        Optional<String> stated = purpose.map(String::strip).filter(text -> !text.isEmpty());
        List<String> notes = new ArrayList<>();
        List<Basis> candidates = new ArrayList<>();
        List<String> all = product.columns().stream().map(ColumnFacts::name).toList();
        if (principal.isPlatformAdmin()) {
            candidates.add(new Basis(all, List.of(), true, "platform admin", Optional.empty(), 0));
        }
        if (isOwner(principal, product)) {
            candidates.add(new Basis(all, List.of(), true, "owner (team " + product.ownerTeam().get() + ")",
                    Optional.empty(), 1));
        }
        if (product.sensitivity() == Classification.PUBLIC) {
            candidates.add(new Basis(all, List.of(), false, "public", Optional.empty(), 3));
        } else if (product.sensitivity() == Classification.INTERNAL && !principal.teams().isEmpty()) {
            candidates.add(new Basis(all, List.of(), false, "internal (member of team "
                    + principal.teams().stream().sorted().findFirst().orElseThrow() + ")", Optional.empty(), 3));
        }
        for (Grant grant : applicableGrants(principal, product)) {
            grantBasis(product, grant, stated, notes).ifPresent(candidates::add);
        }
        Basis chosen = candidates.stream().sorted(WIDEST).findFirst().orElseThrow(() -> refusal(principal, product,
                notes));
        List<ColumnAccess> columns = new ArrayList<>();
        for (String name : chosen.columns()) {
            ColumnFacts column = product.column(name).orElseThrow();
            boolean clear = !column.pii() || chosen.piiClearance() && environment.isProduction();
            columns.add(clear ? ColumnAccess.clear(name) : ColumnAccess.masked(name, column.mask()));
        }
        return new ReadDecision(id, columns, chosen.rowFilter(), chosen.description(),
                stated.or(chosen::purpose));
    }

    @Override
    public boolean canDiscover(Principal principal, ProductId id) {
        requireNonNull(principal, "principal is null");
        return catalog.product(id).map(product -> canDiscover(principal, product)).orElse(false);
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, ProductId id) {
        requireNonNull(principal, "principal is null");
        requireNonNull(action, "action is null");
        ProductFacts product = visibleProduct(principal, id);
        switch (action) {
            case APPLY, RUN, GRANT, REVOKE, APPROVE, DENY, POLICY_CHANGE -> {
                if (!principal.isPlatformAdmin() && !isOwner(principal, product)) {
                    throw new ForbiddenException("user '" + principal.name() + "' may not " + words(action)
                            + " product '" + id + "': " + ownersPhrase(id.domain(), product.ownerTeam()));
                }
            }
            case REQUEST_ACCESS -> {
                if (principal.isAuditor() && !principal.isPlatformAdmin()) {
                    throw new ForbiddenException("user '" + principal.name() + "' may not request access to " + id
                            + ": auditors never read data (separation of duties)");
                }
            }
            case READ_AUDIT -> checkAuditReader(principal);
            case TOKEN_CREATE, TOKEN_REVOKE -> throw new InvalidArgumentException(
                    "'" + action.label() + "' is an action on tokens, not on a product");
        }
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
        requireNonNull(principal, "principal is null");
        requireNonNull(action, "action is null");
        requireNonNull(domain, "domain is null");
        switch (action) {
            case READ_AUDIT -> checkAuditReader(principal);
            case TOKEN_CREATE, TOKEN_REVOKE, REQUEST_ACCESS -> throw new InvalidArgumentException(
                    "'" + action.label() + "' is not an action on a domain");
            case APPLY, RUN, GRANT, REVOKE, APPROVE, DENY, POLICY_CHANGE -> {
                Optional<TeamName> owner = catalog.domainOwner(domain);
                if (!principal.isPlatformAdmin() && !(owner.isPresent() && principal.isMemberOf(owner.get()))) {
                    throw new ForbiddenException("user '" + principal.name() + "' may not " + words(action)
                            + " in domain '" + domain + "': " + ownersPhrase(domain, owner));
                }
            }
        }
    }

    /** Whether the principal is an owner of the product: a member of the team that owns its domain. */
    public static boolean isOwner(Principal principal, ProductFacts product) {
        return product.ownerTeam().map(principal::isMemberOf).orElse(false);
    }

    private static void checkAuditReader(Principal principal) {
        if (!principal.isPlatformAdmin() && !principal.isAuditor()) {
            throw new ForbiddenException("user '" + principal.name() + "' may not read the audit log: only auditors"
                    + " and platform admins may (auditors are listed under 'auditors' in mesh.yaml)");
        }
    }

    private ProductFacts visibleProduct(Principal principal, ProductId id) {
        requireNonNull(id, "id is null");
        ProductFacts product = catalog.product(id).orElseThrow(() -> new NoSuchProductException(id));
        if (!canDiscover(principal, product)) {
            throw new NoSuchProductException(id); // a hidden product is indistinguishable from a missing one
        }
        return product;
    }

    private boolean canDiscover(Principal principal, ProductFacts product) {
        if (product.discoverable() || principal.isPlatformAdmin() || principal.isAuditor() || isOwner(principal, product)) {
            return true;
        }
        if (product.sensitivity() == Classification.PUBLIC
                || product.sensitivity() == Classification.INTERNAL && !principal.teams().isEmpty()) {
            return true;
        }
        return !applicableGrants(principal, product).isEmpty();
    }

    private List<Grant> applicableGrants(Principal principal, ProductFacts product) {
        Instant now = clock.instant();
        return grants.grants(product.id()).stream()
                .filter(grant -> grant.isActive(now) && grant.grantee().covers(principal))
                .toList();
    }

    private Optional<Basis> grantBasis(ProductFacts product, Grant grant, Optional<String> stated, List<String> notes) {
        if (product.sensitivity() == Classification.RESTRICTED) {
            if (grant.purpose().isEmpty()) {
                notes.add("grant " + grant.id() + " has no purpose, which restricted data requires");
                return Optional.empty();
            }
            if (stated.isEmpty()) {
                notes.add("grant " + grant.id() + " is for the purpose '" + grant.purpose().get()
                        + "': restricted data is read only for a stated purpose (state it with --purpose)");
                return Optional.empty();
            }
            if (!samePurpose(stated.get(), grant.purpose().get())) {
                notes.add("grant " + grant.id() + " is for the purpose '" + grant.purpose().get() + "', not '"
                        + stated.get() + "'");
                return Optional.empty();
            }
        }
        for (Predicate predicate : grant.rowFilter()) {
            if (product.column(predicate.column()).isEmpty()) {
                notes.add("grant " + grant.id() + " filters on column '" + predicate.column()
                        + "', which the contract no longer has; ask the owners to grant again");
                return Optional.empty();
            }
        }
        Set<String> allowed = new LinkedHashSet<>(grant.columns());
        List<String> columns = product.columns().stream()
                .map(ColumnFacts::name)
                .filter(name -> allowed.isEmpty() || allowed.contains(name))
                .toList();
        if (columns.isEmpty()) {
            notes.add("grant " + grant.id() + " names no column the contract still has");
            return Optional.empty();
        }
        return Optional.of(new Basis(columns, grant.rowFilter(), grant.piiClearance(), "grant " + grant.id(),
                grant.purpose(), 2));
    }

    private static boolean samePurpose(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String purpose) {
        return purpose.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static ForbiddenException refusal(Principal principal, ProductFacts product, List<String> notes) {
        String rule = switch (product.sensitivity()) {
            case PUBLIC -> "it is public";
            case INTERNAL -> "it is internal: members of any team may read it, and user '" + principal.name()
                    + "' is in no team";
            case CONFIDENTIAL -> "it is confidential: it is read with a grant from its owners";
            case RESTRICTED -> "it is restricted: it is read with a grant approved by its owners, for a stated purpose";
        };
        String details = notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
        return new ForbiddenException("user '" + principal.name() + "' may not read " + product.id() + ": " + rule
                + details + "; ask for access with: mesh access request " + product.id() + " --purpose \"...\"");
    }

    private static String ownersPhrase(DomainName domain, Optional<TeamName> owner) {
        return owner.map(team -> "only members of team '" + team + "', which owns domain '" + domain
                        + "', or platform admins may")
                .orElse("domain '" + domain + "' is not declared, so only platform admins may");
    }

    private static String words(ControlAction action) {
        return switch (action) {
            case POLICY_CHANGE -> "change policies of";
            case REQUEST_ACCESS -> "request access to";
            case READ_AUDIT -> "read the audit log of";
            case TOKEN_CREATE -> "create tokens for";
            case TOKEN_REVOKE -> "revoke tokens for";
            case APPLY, RUN, GRANT, REVOKE, APPROVE, DENY -> action.label() + (action == ControlAction.GRANT
                    || action == ControlAction.REVOKE ? " access to" : action == ControlAction.APPROVE
                    || action == ControlAction.DENY ? " requests for" : "");
        };
    }

    /** One way the principal may read: what it allows, and how it is named in the decision. */
    private record Basis(List<String> columns, List<Predicate> rowFilter, boolean piiClearance, String description,
            Optional<String> purpose, int rank) {}

    @Override
    public String toString() {
        return "MeshAccessController[" + environment.label() + "]";
    }
}
