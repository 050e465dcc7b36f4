package org.meshwork.api.policy;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meshwork.api.ProductId;

/**
 * What rules are evaluated over: the product and the facts the platform knows about it, as CEL values (maps with
 * string keys, lists, strings, booleans, {@code long} integers, doubles). The variables are those of
 * {@link PolicyEngine#VARIABLES}; one that is not given is bound to an empty map.
 */
public record PolicySubject(ProductId product, Map<String, Object> variables) {
    public PolicySubject {
        requireNonNull(product, "product is null");
        for (String name : variables.keySet()) {
            if (!PolicyEngine.VARIABLES.contains(name)) {
                throw new IllegalArgumentException("unknown policy variable '" + name + "'; known: " + PolicyEngine.VARIABLES);
            }
        }
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** A copy with one more variable bound (e.g. {@code principal} and {@code access} at the access gate). */
    public PolicySubject with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(variables);
        copy.put(name, value);
        return new PolicySubject(product, copy);
    }
}
