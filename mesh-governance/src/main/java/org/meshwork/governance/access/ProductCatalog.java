package org.meshwork.governance.access;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;

/**
 * The product metadata access control reads, behind an interface so that governance does not depend on the platform
 * that stores products (the platform implements it over its product repository).
 */
public interface ProductCatalog {

    Optional<ProductFacts> product(ProductId id);

    /** The owner team of a declared domain; empty when the domain is not declared. */
    Optional<TeamName> domainOwner(DomainName domain);

    /** The ids of every product whose domain a team owns. */
    List<ProductId> ownedBy(TeamName team);

    /** The ids of every product. */
    List<ProductId> all();
}
