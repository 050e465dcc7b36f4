package org.meshwork.platform.serving;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.Classification;
import org.meshwork.api.DomainName;
import org.meshwork.api.Environment;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;

/**
 * The access rules that need nothing but the workspace and the descriptors, until grants exist (the access-control
 * work replaces this class): the owner team of a product's domain and platform admins read it; anyone reads a
 * {@code public} product, any member of a team an {@code internal} one; {@code confidential} and {@code restricted}
 * products need a grant, so nobody else reads them. PII columns ({@code classification: pii} or {@code pii: true}) are
 * masked with the column's {@code mask} (default {@code redact}) for everyone but the owners, and for everyone outside
 * production (the guide's pii-masking policy).
 */
public final class WorkspaceAccessController implements AccessController {

    private final ProductRepository products;
    private final ProductTables tables;
    private final Environment environment;
    private final java.util.function.Predicate<Principal> admin;

    public WorkspaceAccessController(ProductRepository products, ProductTables tables, Environment environment) {
        this.products = requireNonNull(products, "products is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.environment = requireNonNull(environment, "environment is null");
        this.admin = Principal::isPlatformAdmin;
    }

    @Override
    public ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose) {
        ProductDefinition definition = products.find(product).orElseThrow(() -> new NoSuchProductException(product))
                .definition();
        boolean owner = isOwner(principal, product.domain());
        Classification classification = definition.sensitivity();
        String basis;
        if (owner) {
            basis = "owner";
        } else if (admin.test(principal)) {
            basis = "platform admin";
        } else if (classification == Classification.PUBLIC) {
            basis = "public";
        } else if (classification == Classification.INTERNAL && !principal.teams().isEmpty()) {
            basis = "internal";
        } else {
            throw new ForbiddenException(principal + " may not read " + product + ": it is " + classification.label()
                    + (classification == Classification.INTERNAL ? " and " + principal + " is in no team"
                            : ", which needs a grant from " + owners(product.domain()))
                    + "; ask its owners for access");
        }
        boolean clear = owner && environment == Environment.PROD;
        List<ColumnAccess> columns = new ArrayList<>();
        if (definition.schema().isEmpty()) {
            // no contract: the columns of the current snapshot, none of them declared PII
            tables.open(definition).current().ifPresent(snapshot -> snapshot.schema()
                    .forEach(column -> columns.add(ColumnAccess.clear(column.name()))));
        }
        for (ColumnSpec column : definition.schema().columns()) {
            if (column.isPii() && !clear) {
                MaskStrategy mask = column.mask().flatMap(MaskStrategy::fromLabel).orElse(MaskStrategy.REDACT);
                columns.add(ColumnAccess.masked(column.name(), mask));
            } else {
                columns.add(ColumnAccess.clear(column.name()));
            }
        }
        return new ReadDecision(product, columns, List.of(), basis, purpose);
    }

    @Override
    public boolean canDiscover(Principal principal, ProductId product) {
        return products.find(product).isPresent();
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, ProductId product) {
        products.find(product).orElseThrow(() -> new NoSuchProductException(product));
        authorizeControl(principal, action, product.domain());
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
        if (!admin.test(principal) && !isOwner(principal, domain)) {
            throw new ForbiddenException(principal + " may not " + action + " in domain " + domain + ": only "
                    + owners(domain) + " or platform admins may");
        }
    }

    private boolean isOwner(Principal principal, DomainName domain) {
        return products.domain(domain).map(DomainDescriptor::ownerTeam).map(principal::isMemberOf).orElse(false);
    }

    private String owners(DomainName domain) {
        return products.domain(domain).map(DomainDescriptor::ownerTeam).map(TeamName::toString)
                .map(team -> "team " + team).orElse("the platform admins (domain " + domain + " is not declared)");
    }
}
