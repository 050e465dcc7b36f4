package org.meshwork.server;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;

/**
 * Hand-written fakes of the access-control SPIs for the server's tests: fixed tokens, and a set of products that only
 * their listed readers may discover. The real ones come from the access-control work and are wired at merge.
 */
public final class FakeAccess {
    private FakeAccess() {}

    public static Authenticator tokens(Map<String, Principal> tokens) {
        return credential -> Optional.ofNullable(tokens.get(credential));
    }

    /** Every product is discoverable except {@code hidden}, which only {@code insiders} may discover. */
    public static AccessController hiding(Set<ProductId> hidden, Set<String> insiders) {
        return new AccessController() {
            @Override
            public ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose) {
                throw new UnsupportedOperationException("the server never asks for read decisions itself");
            }

            @Override
            public boolean canDiscover(Principal principal, ProductId product) {
                return !hidden.contains(product) || insiders.contains(principal.name().value());
            }

            @Override
            public void authorizeControl(Principal principal, ControlAction action, ProductId product) {
                throw new ForbiddenException("the fake allows no control actions");
            }

            @Override
            public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
                throw new ForbiddenException("the fake allows no control actions");
            }
        };
    }
}
