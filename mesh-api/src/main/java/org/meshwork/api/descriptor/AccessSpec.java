package org.meshwork.api.descriptor;

import java.util.List;

/** How consumers get access to a product beyond the defaults of its sensitivity ({@code spec.access}). */
public record AccessSpec(List<AutoApproveRule> autoApprove) {

    public AccessSpec {
        autoApprove = List.copyOf(autoApprove);
    }

    public static AccessSpec none() {
        return new AccessSpec(List.of());
    }
}
