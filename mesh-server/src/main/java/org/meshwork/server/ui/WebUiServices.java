package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.serving.DataService;
import org.meshwork.platform.sla.SlaMonitor;

/**
 * Everything the web UI reads and does, handed in by the composition root: the platform's own services (products,
 * runs and check results from the metadata store, SLA reports, the governed read path) and the catalog, access and
 * governance services behind the UI's small interfaces. The UI holds no state of its own beyond the session cookie.
 *
 * @param authenticator turns the token of a session (or a {@code ?token=} link) into a principal
 * @param accessController decides what a principal may discover of each product, and who may approve requests
 */
public record WebUiServices(
        Authenticator authenticator,
        AccessController accessController,
        ProductRepository products,
        MetadataStore store,
        SlaMonitor sla,
        DataService data,
        CatalogSearch search,
        LineageGraph lineage,
        AccessRequests accessRequests,
        ComplianceMatrix compliance,
        AuditTrail audit) {

    public WebUiServices {
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(accessController, "accessController is null");
        requireNonNull(products, "products is null");
        requireNonNull(store, "store is null");
        requireNonNull(sla, "sla is null");
        requireNonNull(data, "data is null");
        requireNonNull(search, "search is null");
        requireNonNull(lineage, "lineage is null");
        requireNonNull(accessRequests, "accessRequests is null");
        requireNonNull(compliance, "compliance is null");
        requireNonNull(audit, "audit is null");
    }
}
