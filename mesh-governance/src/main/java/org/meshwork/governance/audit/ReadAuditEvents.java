package org.meshwork.governance.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.governance.access.AccessWorkflow;

/**
 * The audit events of data reads, one shape for every read path (REST, SQL, CLI): action {@code read} (or
 * {@code query} for SQL across products), the decision's basis, columns with their masks, row filter, the table
 * version read, the rows returned and the purpose. The read path appends them to {@code Mesh.auditLog()}.
 */
public final class ReadAuditEvents {
    public static final String READ = "read";
    public static final String QUERY = "query";

    private ReadAuditEvents() {}

    /** A read that was allowed and returned {@code rows} rows of table version {@code version}. */
    public static AuditEvent allowed(Instant at, Principal reader, String action, ReadDecision decision,
            OptionalLong version, long rows, Optional<String> clientAddress) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("basis", decision.basis());
        details.put("columns", decision.columns().stream().map(ReadAuditEvents::column).collect(Collectors.joining(",")));
        details.put("row_filter", AccessWorkflow.describe(decision.rowFilter()));
        version.ifPresent(v -> details.put("version", Long.toString(v)));
        details.put("rows", Long.toString(rows));
        decision.purpose().ifPresent(purpose -> details.put("purpose", purpose));
        return new AuditEvent(at, reader.name(), action, Optional.of(decision.product()), "allowed", details,
                clientAddress).authenticated(reader.authentication());
    }

    /** A read that access control refused (or that failed), with the reason. */
    public static AuditEvent refused(Instant at, Principal reader, String action, ProductId product, String outcome,
            String reason, Optional<String> purpose, Optional<String> clientAddress) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", reason);
        purpose.ifPresent(p -> details.put("purpose", p));
        return new AuditEvent(at, reader.name(), action, Optional.of(product), outcome, details, clientAddress)
                .authenticated(reader.authentication());
    }

    private static String column(ColumnAccess column) {
        return column.name() + column.mask().map(mask -> "~" + mask.label()).orElse("");
    }
}
