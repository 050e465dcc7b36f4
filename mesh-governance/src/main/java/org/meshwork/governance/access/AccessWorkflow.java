package org.meshwork.governance.access;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.meshwork.api.Classification;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchResourceException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;
import org.meshwork.api.descriptor.AutoApproveRule;
import org.meshwork.api.query.Predicate;
import org.meshwork.governance.identity.Directory;

/**
 * Grants and self-serve access requests: owners grant and revoke; consumers request, owners approve or deny (approval
 * creates the grant), and a product's auto-approval rules decide matching requests at once. Every action — allowed or
 * refused — is appended to the audit log with its details.
 */
public final class AccessWorkflow {
    /** The name recorded as the decider of requests that an auto-approval rule approved. */
    public static final UserName AUTO_APPROVAL = UserName.of("auto-approval");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PURPOSE_MAX = 1000;

    private final ProductCatalog catalog;
    private final AccessStore store;
    private final AccessController controller;
    private final Directory directory;
    private final AuditLog audit;
    private final AccessListener listener;
    private final Clock clock;

    public AccessWorkflow(ProductCatalog catalog, AccessStore store, AccessController controller, Directory directory,
            AuditLog audit, AccessListener listener, Clock clock) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.store = requireNonNull(store, "store is null");
        this.controller = requireNonNull(controller, "controller is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Grants read access to a product (its owners and platform admins may).
     *
     * @throws InvalidArgumentException for an unknown column, team or user, a bad filter, a restricted product without
     *     a purpose
     */
    public Grant grant(Principal actor, ProductId id, GrantRequest request) {
        requireNonNull(request, "request is null");
        authorize(actor, ControlAction.GRANT, id, Map.of("grantee", request.grantee().toString()));
        ProductFacts product = catalog.product(id).orElseThrow();
        checkGrantee(request.grantee());
        List<String> columns = checkColumns(product, request.columns(), "--columns");
        List<Predicate> filter = request.where().map(where -> RowFilterParser.parse(where, "--where")).orElse(List.of());
        for (Predicate predicate : filter) {
            InvalidArgumentException.check(product.column(predicate.column()).isPresent(),
                    "--where: column '%s' is not in the contract of %s; its columns are %s", predicate.column(), id,
                    columnNames(product));
        }
        Optional<String> purpose = checkPurpose(request.purpose(), "--purpose");
        InvalidArgumentException.check(product.sensitivity() != Classification.RESTRICTED || purpose.isPresent(),
                "%s is restricted: a grant needs --purpose, the purpose readers will state", id);
        request.expiresAfter().ifPresent(duration -> InvalidArgumentException.check(
                !duration.isNegative() && !duration.isZero(), "--expires must be a positive duration"));
        Instant now = clock.instant();
        Grant grant = new Grant(newId("g-"), id, request.grantee(), columns, filter, purpose, request.piiClearance(),
                actor.name(), now, request.expiresAfter().map(now::plus), Optional.empty(), Optional.empty());
        store.insertGrant(grant);
        record(actor, ControlAction.GRANT.label(), id, "allowed", grantDetails(grant));
        return grant;
    }

    /** Revokes a grant at once (the product's owners and platform admins may). */
    public Grant revoke(Principal actor, String grantId) {
        Grant grant = store.grant(grantId).orElseThrow(() -> new NoSuchResourceException("no grant has id '" + grantId
                + "'; list a product's grants with: mesh grants ID"));
        authorize(actor, ControlAction.REVOKE, grant.product(), Map.of("grant", grantId));
        if (!store.revokeGrant(grantId, clock.instant())) {
            throw new InvalidArgumentException("grant '" + grantId + "' was revoked already");
        }
        Grant revoked = store.grant(grantId).orElseThrow();
        record(actor, ControlAction.REVOKE.label(), grant.product(), "allowed", grantDetails(revoked));
        return revoked;
    }

    /**
     * The grants of a product: all of them for its owners, platform admins and auditors; for anyone else only those
     * that reach them.
     */
    public List<Grant> grants(Principal actor, ProductId id) {
        requireNonNull(actor, "actor is null");
        if (!controller.canDiscover(actor, id)) {
            throw new org.meshwork.api.NoSuchProductException(id);
        }
        ProductFacts product = catalog.product(id).orElseThrow();
        List<Grant> all = store.grants(id);
        if (actor.isPlatformAdmin() || actor.isAuditor() || MeshAccessController.isOwner(actor, product)) {
            return all;
        }
        return all.stream().filter(grant -> grant.grantee().covers(actor)).toList();
    }

    /**
     * Asks for access to a product. A matching auto-approval rule approves it at once (the returned request is then
     * approved and names its grant); otherwise it waits for the owners.
     */
    public AccessRequest request(Principal actor, ProductId id, Optional<String> purpose, List<String> columns) {
        authorize(actor, ControlAction.REQUEST_ACCESS, id, Map.of());
        ProductFacts product = catalog.product(id).orElseThrow();
        List<String> checkedColumns = checkColumns(product, columns, "--columns");
        Optional<String> checkedPurpose = checkPurpose(purpose, "--purpose");
        InvalidArgumentException.check(product.sensitivity() != Classification.RESTRICTED || checkedPurpose.isPresent(),
                "%s is restricted: say why you need it with --purpose", id);
        for (AccessRequest mine : store.requestsBy(actor.name())) {
            if (mine.product().equals(id) && mine.status() == AccessRequestStatus.PENDING) {
                throw new InvalidArgumentException("user '" + actor.name() + "' already has a pending request for " + id
                        + ": " + mine.id() + " (see mesh access list)");
            }
        }
        Instant now = clock.instant();
        AccessRequest request = new AccessRequest(newId("r-"), id, actor.name(), checkedPurpose, checkedColumns,
                AccessRequestStatus.PENDING, now, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        store.insertRequest(request);
        Map<String, String> details = requestDetails(request);
        record(actor, ControlAction.REQUEST_ACCESS.label(), id, "allowed", details);
        Optional<String> rule = matchingRule(product, actor, checkedPurpose);
        if (rule.isEmpty()) {
            listener.requested(request);
            return request;
        }
        AutoApproveRule matched = product.autoApprove().get(Integer.parseInt(rule.get()));
        Grant grant = new Grant(newId("g-"), id, Grantee.user(actor.name()), checkedColumns, List.of(), checkedPurpose,
                false, AUTO_APPROVAL, now, matched.expires().map(spec -> now.plus(spec.duration())), Optional.empty(),
                Optional.of(request.id()));
        AccessRequest approved = request.decided(AccessRequestStatus.APPROVED, AUTO_APPROVAL, now,
                "auto-approved by rule " + (Integer.parseInt(rule.get()) + 1) + " of spec.access.auto_approve"
                        + " (max_sensitivity " + matched.maxSensitivity().label() + ")", Optional.of(grant.id()));
        if (!store.decideRequest(approved, Optional.of(grant))) {
            throw new CommitConflictException("access request " + request.id() + " was decided while it was being"
                    + " auto-approved; see mesh access list");
        }
        Map<String, String> decision = requestDetails(approved);
        decision.putAll(grantDetails(grant));
        record(AUTO_APPROVAL, ControlAction.APPROVE.label(), id, "allowed", decision);
        listener.decided(approved);
        return approved;
    }

    /** Approves a pending request and creates its grant (the product's owners and platform admins may). */
    public AccessRequest approve(Principal actor, String requestId, Optional<String> reason) {
        AccessRequest request = pendingRequest(requestId);
        authorize(actor, ControlAction.APPROVE, request.product(), Map.of("request", requestId));
        Instant now = clock.instant();
        Grant grant = new Grant(newId("g-"), request.product(), Grantee.user(request.requester()), request.columns(),
                List.of(), request.purpose(), false, actor.name(), now, Optional.empty(), Optional.empty(),
                Optional.of(request.id()));
        AccessRequest approved = request.decided(AccessRequestStatus.APPROVED, actor.name(), now,
                checkPurpose(reason, "--reason").orElse("approved"), Optional.of(grant.id()));
        decide(approved, Optional.of(grant));
        Map<String, String> details = requestDetails(approved);
        details.putAll(grantDetails(grant));
        record(actor, ControlAction.APPROVE.label(), request.product(), "allowed", details);
        listener.decided(approved);
        return approved;
    }

    /** Denies a pending request with a reason (the product's owners and platform admins may). */
    public AccessRequest deny(Principal actor, String requestId, String reason) {
        AccessRequest request = pendingRequest(requestId);
        authorize(actor, ControlAction.DENY, request.product(), Map.of("request", requestId));
        String why = checkPurpose(Optional.ofNullable(reason), "--reason").orElseThrow(() ->
                new InvalidArgumentException("--reason is required to deny a request: tell the requester why"));
        AccessRequest denied = request.decided(AccessRequestStatus.DENIED, actor.name(), clock.instant(), why,
                Optional.empty());
        decide(denied, Optional.empty());
        record(actor, ControlAction.DENY.label(), request.product(), "allowed", requestDetails(denied));
        listener.decided(denied);
        return denied;
    }

    /**
     * The pending requests the actor can decide: for the products of the domains its teams own (every product for a
     * platform admin), optionally of one domain only.
     */
    public List<AccessRequest> pending(Principal actor, Optional<DomainName> domain) {
        requireNonNull(actor, "actor is null");
        Set<ProductId> products = new TreeSet<>();
        if (actor.isPlatformAdmin()) {
            products.addAll(catalog.all());
        } else {
            for (TeamName team : actor.teams()) {
                products.addAll(catalog.ownedBy(team));
            }
        }
        domain.ifPresent(d -> products.removeIf(product -> !product.domain().equals(d)));
        return store.requests(products, AccessRequestStatus.PENDING);
    }

    /**
     * The requests for one product with one status, for the product's owners and platform admins (who decide them):
     * the web UI's list of pending and decided requests on a product page.
     */
    public List<AccessRequest> requests(Principal actor, ProductId id, AccessRequestStatus status) {
        requireNonNull(actor, "actor is null");
        requireNonNull(status, "status is null");
        controller.authorizeControl(actor, ControlAction.APPROVE, id);
        return store.requests(Set.of(id), status);
    }

    /** The actor's own requests, newest first. */
    public List<AccessRequest> mine(Principal actor) {
        return store.requestsBy(actor.name());
    }

    private void decide(AccessRequest decided, Optional<Grant> grant) {
        if (!store.decideRequest(decided, grant)) {
            AccessRequest now = store.request(decided.id()).orElseThrow();
            throw new CommitConflictException("access request " + decided.id() + " was " + now.status().label()
                    + " already by " + now.decidedBy().map(UserName::value).orElse("someone") + "; nothing changed");
        }
    }

    private AccessRequest pendingRequest(String requestId) {
        AccessRequest request = store.request(requestId).orElseThrow(() -> new NoSuchResourceException(
                "no access request has id '" + requestId + "'; see pending requests with: mesh access pending"));
        if (request.status() != AccessRequestStatus.PENDING) {
            throw new CommitConflictException("access request " + requestId + " was " + request.status().label()
                    + " already by " + request.decidedBy().map(UserName::value).orElse("someone") + "; nothing changed");
        }
        return request;
    }

    /** The index of the first auto-approval rule that matches, as text, or empty. */
    private Optional<String> matchingRule(ProductFacts product, Principal actor, Optional<String> purpose) {
        if (product.sensitivity() == Classification.RESTRICTED) {
            return Optional.empty();
        }
        List<AutoApproveRule> rules = product.autoApprove();
        for (int i = 0; i < rules.size(); i++) {
            AutoApproveRule rule = rules.get(i);
            boolean sensitivity = product.sensitivity().compareTo(rule.maxSensitivity()) <= 0;
            boolean team = rule.teams().isEmpty() ? !actor.teams().isEmpty()
                    : rule.teams().stream().anyMatch(actor::isMemberOf);
            boolean purposeOk = !rule.requirePurpose() || purpose.isPresent();
            if (sensitivity && team && purposeOk) {
                return Optional.of(Integer.toString(i));
            }
        }
        return Optional.empty();
    }

    private void authorize(Principal actor, ControlAction action, ProductId id, Map<String, String> details) {
        requireNonNull(actor, "actor is null");
        requireNonNull(id, "id is null");
        try {
            controller.authorizeControl(actor, action, id);
        } catch (ForbiddenException e) {
            Map<String, String> refused = new LinkedHashMap<>(details);
            refused.put("reason", e.getMessage());
            record(actor, action.label(), id, "denied", refused);
            throw e;
        }
    }

    private void checkGrantee(Grantee grantee) {
        if (grantee.kind() == Grantee.Kind.TEAM) {
            InvalidArgumentException.check(directory.teams().containsKey(TeamName.of(grantee.name())),
                    "--to: team '%s' is not declared in mesh.yaml; teams are %s", grantee.name(),
                    new TreeSet<>(directory.teams().keySet()));
        } else {
            InvalidArgumentException.check(directory.knows(UserName.of(grantee.name())),
                    "--to: user '%s' is not named in mesh.yaml (teams, platform_admins, auditors, service_accounts)",
                    grantee.name());
        }
    }

    private static List<String> checkColumns(ProductFacts product, List<String> columns, String parameter) {
        Set<String> unique = new LinkedHashSet<>();
        for (String column : columns) {
            String name = column.strip();
            InvalidArgumentException.check(product.column(name).isPresent(),
                    "%s: column '%s' is not in the contract of %s; its columns are %s", parameter, name, product.id(),
                    columnNames(product));
            unique.add(name);
        }
        return List.copyOf(unique);
    }

    private static Optional<String> checkPurpose(Optional<String> text, String parameter) {
        Optional<String> stripped = text.map(String::strip).filter(value -> !value.isEmpty());
        stripped.ifPresent(value -> InvalidArgumentException.check(value.length() <= PURPOSE_MAX,
                "%s must be at most %d characters, got %d", parameter, PURPOSE_MAX, value.length()));
        return stripped;
    }

    private static List<String> columnNames(ProductFacts product) {
        return product.columns().stream().map(ColumnFacts::name).toList();
    }

    private void record(Principal actor, String action, ProductId id, String outcome, Map<String, String> details) {
        audit.append(new AuditEvent(clock.instant(), actor.name(), action, Optional.of(id), outcome, details,
                Optional.empty()).authenticated(actor.authentication()));
    }

    private void record(UserName actor, String action, ProductId id, String outcome, Map<String, String> details) {
        audit.append(new AuditEvent(clock.instant(), actor, action, Optional.of(id), outcome, details, Optional.empty()));
    }

    static Map<String, String> grantDetails(Grant grant) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("grant", grant.id());
        details.put("grantee", grant.grantee().toString());
        details.put("columns", grant.columns().isEmpty() ? "*" : String.join(",", grant.columns()));
        details.put("row_filter", describe(grant.rowFilter()));
        grant.purpose().ifPresent(purpose -> details.put("purpose", purpose));
        details.put("pii", Boolean.toString(grant.piiClearance()));
        grant.expiresAt().ifPresent(at -> details.put("expires", at.toString()));
        grant.revokedAt().ifPresent(at -> details.put("revoked", at.toString()));
        return details;
    }

    private static Map<String, String> requestDetails(AccessRequest request) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("requester", request.requester().value());
        details.put("status", request.status().label());
        details.put("columns", request.columns().isEmpty() ? "*" : String.join(",", request.columns()));
        request.purpose().ifPresent(purpose -> details.put("purpose", purpose));
        request.reason().ifPresent(reason -> details.put("reason", reason));
        return details;
    }

    /** A row filter in words, e.g. {@code region eq 'EU' AND amount gte '100'}; {@code *} when there is none. */
    public static String describe(List<Predicate> filter) {
        if (filter.isEmpty()) {
            return "*";
        }
        List<String> parts = new ArrayList<>();
        for (Predicate predicate : filter) {
            StringBuilder part = new StringBuilder(predicate.column()).append(' ');
            if (predicate.negated()) {
                part.append("not ");
            }
            part.append(predicate.operator().label());
            for (String value : predicate.values()) {
                part.append(" '").append(value.replace("'", "''")).append('\'');
            }
            parts.add(part.toString());
        }
        return String.join(" AND ", parts);
    }

    private static String newId(String prefix) {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
