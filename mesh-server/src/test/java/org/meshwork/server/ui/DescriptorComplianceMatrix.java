package org.meshwork.server.ui;

import java.util.List;
import java.util.Map;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Principal;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;

/** Test compliance report: two of the sample mesh's rules evaluated in Java (the policy module runs the CEL for real). */
final class DescriptorComplianceMatrix implements ComplianceMatrix {
    private final ProductRepository products;
    private final AccessController access;

    DescriptorComplianceMatrix(ProductRepository products, AccessController access) {
        this.products = products;
        this.access = access;
    }

    @Override
    public List<Policy> policies() {
        return List.of(
                new Policy("pii-masking", "global", "required", "product.pii_columns.all(c, c in product.masked_columns)",
                        "PII columns declare a mask"),
                new Policy("sla-declared", "global", "recommended", "has(product.sla.freshness)",
                        "Products declare a freshness SLA"));
    }

    @Override
    public List<Row> rows(Principal principal, Paging paging) {
        return products.list().stream().filter(p -> access.canDiscover(principal, p.id())).skip(paging.offset()).limit(paging.limit()).map(p -> row(p.definition())).toList();
    }

    @Override
    public long productCount(Principal principal) {
        return products.list().stream().filter(p -> access.canDiscover(principal, p.id())).count();
    }

    private static Row row(ProductDefinition d) {
        List<String> unmasked = d.schema().columns().stream().filter(ColumnSpec::isPii)
                .filter(c -> c.mask().isEmpty()).map(ColumnSpec::name).toList();
        Cell pii = unmasked.isEmpty() ? new Cell(Status.PASS, "every PII column has a mask")
                : new Cell(Status.FAIL, "PII columns without a mask: " + String.join(", ", unmasked));
        Cell sla = d.sla().freshness().isPresent() ? new Cell(Status.PASS, "freshness " + d.sla().freshness().get())
                : new Cell(Status.FAIL, "no freshness SLA");
        return new Row(d.id(), Map.of("pii-masking", pii, "sla-declared", sla));
    }
}
