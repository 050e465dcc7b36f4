package org.meshwork.api.access;

import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;

/**
 * Decides every data read (REST, SQL, CLI) and every control action. Implementations read the product's
 * classification and column classifications, the grants, team ownership and the environment; they never look at the
 * query itself: what they decide is enforced by the engine below every query.
 */
public interface AccessController {

    /**
     * What {@code principal} may read of a product.
     *
     * @param purpose the purpose the reader states (required to use a {@code restricted} grant)
     * @throws org.meshwork.api.ForbiddenException when it may read nothing, with the reason and how to ask for access
     * @throws org.meshwork.api.NoSuchProductException when the product does not exist, or when the principal may not
     *     even know that it exists ({@code discoverable: false})
     */
    ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose);

    /** Whether the principal may see a product's metadata (catalog, schema, quality, runs). */
    boolean canDiscover(Principal principal, ProductId product);

    /**
     * Checks a control action on a product.
     *
     * @throws org.meshwork.api.ForbiddenException with the reason when it is not allowed
     */
    void authorizeControl(Principal principal, ControlAction action, ProductId product);

    /**
     * Checks a control action on a domain (e.g. applying a domain policy).
     *
     * @throws org.meshwork.api.ForbiddenException with the reason when it is not allowed
     */
    void authorizeControl(Principal principal, ControlAction action, DomainName domain);
}
