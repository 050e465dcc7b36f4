package org.meshwork.platform.policy;

import org.meshwork.api.descriptor.SecuritySpec;
import org.meshwork.api.policy.Policy;
import org.meshwork.platform.product.ProductDefinition;

/**
 * What decides the reads of a product ({@code security.access_control}). Both models start from roles and grants
 * (owners, platform admins, auditors, sensitivity defaults, grants with their columns, rows and PII clearance; see
 * docs/access-control.md), and both are gated by the mesh's global access-stage policies, which no product can opt
 * out of. They differ in the attribute rules of the product's own domain:
 */
public enum AccessControlModel {
    /** Roles and grants, and the global access-stage policies; the domain's access-stage policies are not consulted. */
    RBAC,
    /** Roles and grants, and every access-stage policy that governs the product, global and its domain's (default). */
    ABAC;

    /** The model a product declares; {@link #ABAC} when it declares none. */
    public static AccessControlModel of(ProductDefinition definition) {
        return definition.infrastructure().security().flatMap(SecuritySpec::accessControl)
                .map(label -> label.equals("rbac") ? RBAC : ABAC).orElse(ABAC);
    }

    /** Whether an access-stage policy takes part in the read decision of a product under this model. */
    public boolean consults(Policy policy) {
        return switch (this) {
            case RBAC -> policy.isGlobal();
            case ABAC -> true;
        };
    }
}
