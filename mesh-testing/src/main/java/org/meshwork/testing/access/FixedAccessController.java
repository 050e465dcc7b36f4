package org.meshwork.testing.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.query.Predicate;

/**
 * A hand-written {@link AccessController} for tests: reads are allowed exactly as the test set them up with
 * {@link #allow}, everything else is forbidden; control actions are always forbidden. Records every read asked for.
 */
public final class FixedAccessController implements AccessController {

    private final Map<UserName, Map<ProductId, ReadDecision>> decisions = new ConcurrentHashMap<>();
    private final List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Lets {@code user} read {@code product} with these columns and row filter. */
    public FixedAccessController allow(UserName user, ProductId product, List<ColumnAccess> columns,
            List<Predicate> rowFilter) {
        decisions.computeIfAbsent(user, key -> new ConcurrentHashMap<>())
                .put(product, new ReadDecision(product, columns, rowFilter, "test grant", Optional.empty()));
        return this;
    }

    /** The reads asked for, as {@code user:product}. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose) {
        asked.add(principal.name() + ":" + product);
        ReadDecision decision = decisions.getOrDefault(principal.name(), Map.of()).get(product);
        if (decision == null) {
            throw new ForbiddenException(principal + " may not read " + product + " (no test grant)");
        }
        return new ReadDecision(product, decision.columns(), decision.rowFilter(), decision.basis(),
                purpose.or(decision::purpose));
    }

    @Override
    public boolean canDiscover(Principal principal, ProductId product) {
        return decisions.getOrDefault(principal.name(), Map.of()).containsKey(product);
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, ProductId product) {
        throw new ForbiddenException("no control actions in this test");
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
        throw new ForbiddenException("no control actions in this test");
    }

    /** Every column in clear. */
    public static List<ColumnAccess> clear(String... columns) {
        List<ColumnAccess> result = new ArrayList<>();
        for (String column : columns) {
            result.add(ColumnAccess.clear(column));
        }
        return result;
    }
}
