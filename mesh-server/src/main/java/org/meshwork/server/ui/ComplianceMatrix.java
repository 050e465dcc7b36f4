package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;

/**
 * The governance view: every policy (global and domain) with its rule, and for a page of products whether each policy
 * passes. The policy module's compliance report implements it at merge. Rows and counts are of the products the
 * principal may discover only, so that neither a row nor a count reveals a hidden product.
 */
public interface ComplianceMatrix {

    List<Policy> policies();

    /** One page of the products the principal may discover, each with a cell per policy that applies (by name). */
    List<Row> rows(Principal principal, Paging paging);

    /** How many products the principal may discover. */
    long productCount(Principal principal);

    /** {@code WARN}: a recommended (or informational) policy that fails — reported, never blocking. */
    enum Status {
        PASS, FAIL, WARN, NOT_APPLICABLE
    }

    /** A policy: its name, scope ({@code global} or the domain), enforcement and CEL rule. */
    record Policy(String name, String scope, String enforcement, String rule, String description) {
        public Policy {
            requireNonNull(name, "name is null");
            requireNonNull(scope, "scope is null");
            requireNonNull(enforcement, "enforcement is null");
            requireNonNull(rule, "rule is null");
            requireNonNull(description, "description is null");
        }
    }

    record Cell(Status status, String reason) {
        public Cell {
            requireNonNull(status, "status is null");
            requireNonNull(reason, "reason is null");
        }
    }

    record Row(ProductId product, Map<String, Cell> cells) {
        public Row {
            requireNonNull(product, "product is null");
            cells = Map.copyOf(cells);
        }
    }
}
