package org.meshwork.server.ui.live;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Principal;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.platform.policy.PolicyService;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.server.ui.ComplianceMatrix;
import org.meshwork.server.ui.Paging;

/**
 * The governance page over the policy module: the stored policies (global and domain) with their CEL rules, and for a
 * page of the products the principal may discover, every applicable policy evaluated now over the latest facts
 * ({@link PolicyService#report}, the same report as {@code mesh policy report}). Only the page's products are
 * evaluated, so a mesh of many products costs one page of evaluations per view.
 */
public final class LiveComplianceMatrix implements ComplianceMatrix {
    private final PolicyService policies;
    private final ProductRepository products;
    private final AccessController access;

    public LiveComplianceMatrix(PolicyService policies, ProductRepository products, AccessController access) {
        this.policies = requireNonNull(policies, "policies is null");
        this.products = requireNonNull(products, "products is null");
        this.access = requireNonNull(access, "access is null");
    }

    @Override
    public List<ComplianceMatrix.Policy> policies() {
        return policies.storedPolicies().stream().map(p -> new ComplianceMatrix.Policy(p.key(),
                p.owner().map(Object::toString).orElse("global"), p.enforcement().label(), p.rule(),
                p.description())).toList();
    }

    @Override
    public List<Row> rows(Principal principal, Paging paging) {
        List<VersionedProduct> page = visible(principal).stream().skip(paging.offset()).limit(paging.limit()).toList();
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        page.forEach(p -> cells.put(p.id().toString(), new LinkedHashMap<>()));
        for (PolicyResult result : policies.report(page)) {
            cells.get(result.product().toString()).put(result.policy().key(), cell(result));
        }
        return page.stream().map(p -> new Row(p.id(), cells.get(p.id().toString()))).toList();
    }

    @Override
    public long productCount(Principal principal) {
        return visible(principal).size();
    }

    private List<VersionedProduct> visible(Principal principal) {
        return products.list().stream().filter(p -> access.canDiscover(principal, p.id())).toList();
    }

    private static Cell cell(PolicyResult result) {
        switch (result.verdict()) {
            case PASS:
                return new Cell(Status.PASS, result.reason());
            case FAIL:
                return new Cell(Status.FAIL, result.reason());
            default:
                // a failed recommended (warn) or informational (info) policy: failing, but not blocking
                return new Cell(Status.WARN, result.verdict().name().toLowerCase(java.util.Locale.ROOT) + ": "
                        + result.reason());
        }
    }
}
