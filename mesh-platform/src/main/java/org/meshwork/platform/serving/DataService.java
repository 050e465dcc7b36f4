package org.meshwork.platform.serving;

import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;

/**
 * The governed read path: every data read of every edge (REST, SQL endpoint, {@code mesh get}, {@code mesh query})
 * goes through here. It asks the access controller what the principal may read, runs the query where only the
 * principal's governed views exist (allowed columns, masks, row filters), and appends one audit event per read.
 */
public interface DataService {

    /**
     * Reads one product's data.
     *
     * @throws org.meshwork.api.UnauthenticatedException never (the principal is already authenticated)
     * @throws org.meshwork.api.ForbiddenException when the principal may not read the product
     * @throws org.meshwork.api.NoSuchProductException when the product does not exist or may not be known to exist
     * @throws org.meshwork.api.InvalidArgumentException for a filter, column, order or version the product does not have
     * @throws org.meshwork.api.MeshException with {@link org.meshwork.api.ErrorCode#TOO_MANY_REQUESTS} when the
     *     principal already runs as many queries as allowed
     */
    ResultStream read(Principal principal, ProductId product, DataRequest request, RequestContext context);

    /**
     * Runs one read-only SELECT over data products named by id (quoted, e.g. {@code "dp.sales.orders"}), with the
     * principal's columns, masks and row filters applied.
     *
     * @throws org.meshwork.api.InvalidArgumentException when the text is not a single SELECT over product ids only
     */
    ResultStream query(Principal principal, String sql, RequestContext context);
}
