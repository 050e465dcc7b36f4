package org.meshwork.governance.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.Classification;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.descriptor.AutoApproveRule;

/**
 * What access control needs to know of a product: the team that owns its domain (empty when the domain is not
 * declared: then only platform admins own it), its sensitivity, its contract's columns in order, whether it is listed
 * in the catalog, and its auto-approval rules.
 */
public record ProductFacts(
        ProductId id,
        Optional<TeamName> ownerTeam,
        Classification sensitivity,
        List<ColumnFacts> columns,
        boolean discoverable,
        List<AutoApproveRule> autoApprove) {

    public ProductFacts {
        requireNonNull(id, "id is null");
        requireNonNull(ownerTeam, "ownerTeam is null");
        requireNonNull(sensitivity, "sensitivity is null");
        columns = List.copyOf(columns);
        autoApprove = List.copyOf(autoApprove);
    }

    public Optional<ColumnFacts> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }
}
