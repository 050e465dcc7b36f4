package org.meshwork.server.ui;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;

/**
 * Test access controller with the rules the access module implements for real: the owning domain's team and platform
 * admins read everything in clear; anyone with an approved access request reads with PII masked as the contract says;
 * products in {@code hidden} are known only to their owners.
 */
final class TestAccessController implements AccessController {
    private final ProductRepository products;
    private final InMemoryAccessRequests requests;
    private final Set<ProductId> hidden;

    TestAccessController(ProductRepository products, InMemoryAccessRequests requests, Set<ProductId> hidden) {
        this.products = products;
        this.requests = requests;
        this.hidden = Set.copyOf(hidden);
    }

    boolean owns(Principal principal, DomainName domain) {
        return principal.isPlatformAdmin() || products.domain(domain).map(DomainDescriptor::ownerTeam)
                .map(principal::isMemberOf).orElse(false);
    }

    @Override
    public ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose) {
        if (!canDiscover(principal, product)) {
            throw new NoSuchProductException(product);
        }
        ProductDefinition definition = products.get(product).definition();
        if (owns(principal, product.domain())) {
            return new ReadDecision(product, definition.schema().columns().stream().map(c -> ColumnAccess.clear(c.name()))
                    .toList(), List.of(), "owner", purpose);
        }
        Optional<AccessRequests.Request> grant = requests.approved(principal.name(), product);
        if (grant.isEmpty()) {
            throw new ForbiddenException(principal.name().value() + " may not read " + product
                    + ": request access on the product's Access tab");
        }
        List<ColumnAccess> columns = definition.schema().columns().stream().map(TestAccessController::masked).toList();
        return new ReadDecision(product, columns, List.of(), "access request " + grant.get().id(),
                Optional.of(grant.get().purpose()));
    }

    private static ColumnAccess masked(ColumnSpec column) {
        if (!column.isPii()) {
            return ColumnAccess.clear(column.name());
        }
        MaskStrategy mask = column.mask().map(m -> MaskStrategy.valueOf(m.toUpperCase(Locale.ROOT))).orElse(MaskStrategy.REDACT);
        return ColumnAccess.masked(column.name(), mask);
    }

    @Override
    public boolean canDiscover(Principal principal, ProductId product) {
        return !hidden.contains(product) || owns(principal, product.domain());
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, ProductId product) {
        if (!owns(principal, product.domain())) {
            throw new ForbiddenException(principal.name().value() + " may not " + action.label() + " on " + product
                    + ": only the owning domain's team may");
        }
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
        if (!owns(principal, domain)) {
            throw new ForbiddenException(principal.name().value() + " may not " + action.label() + " in domain " + domain);
        }
    }
}
