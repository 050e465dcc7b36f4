package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEvent;

/** The governance page (the compliance matrix and each policy's rule) and the audit page (auditors only). */
final class GovernancePages {
    static final int MATRIX_PAGE = 50;
    static final int AUDIT_PAGE = 50;

    private final WebUiServices services;
    private final WebUi ui;

    GovernancePages(WebUiServices services, WebUi ui) {
        this.services = requireNonNull(services, "services is null");
        this.ui = requireNonNull(ui, "ui is null");
    }

    void governance(Context ctx, Principal principal) {
        int offset = ProductPages.intParam(ctx, "offset", 0, 0, 10_000_000);
        List<ComplianceMatrix.Policy> policies = services.compliance().policies();
        List<Views.MatrixRow> rows = new ArrayList<>();
        for (ComplianceMatrix.Row row : services.compliance().rows(principal, new Paging(offset, MATRIX_PAGE))) {
            if (!services.accessController().canDiscover(principal, row.product())) {
                continue;
            }
            List<Views.MatrixCell> cells = policies.stream().map(policy -> {
                ComplianceMatrix.Cell cell = row.cells().get(policy.name());
                return cell == null ? new Views.MatrixCell("not-applicable", "does not apply")
                        : new Views.MatrixCell(cell.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), cell.reason());
            }).toList();
            rows.add(new Views.MatrixRow(row.product().toString(), cells));
        }
        long total = services.compliance().productCount(principal);
        Views.Pager pager = new Views.Pager(total == 0 ? "No products" : "Products " + (offset + 1) + "–"
                + Math.min(total, offset + MATRIX_PAGE) + " of " + total,
                offset > 0 ? Optional.of("/governance?offset=" + Math.max(0, offset - MATRIX_PAGE)) : Optional.empty(),
                offset + MATRIX_PAGE < total ? Optional.of("/governance?offset=" + (offset + MATRIX_PAGE)) : Optional.empty());
        Map<String, Object> params = new HashMap<>();
        params.put("user", WebUi.user(principal));
        params.put("governance", new Views.Governance(policies.stream().map(p -> new Views.PolicyView(p.name(), p.scope(),
                p.enforcement(), p.rule(), p.description())).toList(), rows, pager));
        ui.html(ctx, "governance.jte", params);
    }

    void audit(Context ctx, Principal principal) {
        if (!principal.isAuditor()) {
            throw new ForbiddenException("the audit log is for auditors (role AUDITOR); ask a platform admin if you need it");
        }
        int offset = ProductPages.intParam(ctx, "offset", 0, 0, 100_000_000);
        String text = param(ctx, "q");
        String actor = param(ctx, "actor");
        String product = param(ctx, "product");
        String action = param(ctx, "action");
        AuditTrail.Page page = services.audit().search(principal, new AuditTrail.Query(optional(text), optional(actor),
                optional(product), optional(action)), new Paging(offset, AUDIT_PAGE));
        AuditTrail.Verification verification = services.audit().verifyChain(principal);
        List<Views.AuditRow> rows = page.events().stream().map(GovernancePages::row).toList();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", text);
        query.put("actor", actor);
        query.put("product", product);
        query.put("action", action);
        String base = "/audit?" + query.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + WebUi.encode(e.getValue())).collect(Collectors.joining("&"));
        Views.Pager pager = new Views.Pager(rows.isEmpty() ? "No events" : "Events " + (offset + 1) + "–" + (offset + rows.size()),
                offset > 0 ? Optional.of(base + "&offset=" + Math.max(0, offset - AUDIT_PAGE)) : Optional.empty(),
                page.more() ? Optional.of(base + "&offset=" + (offset + AUDIT_PAGE)) : Optional.empty());
        Map<String, Object> params = new HashMap<>();
        params.put("user", WebUi.user(principal));
        params.put("audit", new Views.Audit(rows, pager, verification.intact(),
                (verification.intact() ? "Chain intact: " : "Chain BROKEN: ") + verification.eventsChecked()
                        + " events checked. " + verification.detail(), text, actor, product, action));
        ui.html(ctx, "audit.jte", params);
    }

    private static Views.AuditRow row(AuditEvent event) {
        String details = event.details().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        return new Views.AuditRow(ProductPages.time(event.at()), event.actor().value(), event.action(),
                event.product().map(Object::toString).orElse(""), event.outcome(), details,
                event.clientAddress().orElse(""));
    }

    private static String param(Context ctx, String name) {
        String value = Optional.ofNullable(ctx.queryParam(name)).orElse("").strip();
        return value.length() > 200 ? value.substring(0, 200) : value;
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
