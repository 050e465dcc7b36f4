package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who answers for a data product (the guide's {@code DataOwnership}): technical and business owners, the steward, and
 * how to reach the team in operations.
 */
public record Ownership(
        Optional<String> technicalOwner,
        Optional<String> developer,
        Optional<String> businessOwner,
        Optional<String> steward,
        Optional<String> onCallRotation,
        Optional<String> escalationPath,
        Optional<String> communicationChannel) {

    public Ownership {
        requireNonNull(technicalOwner, "technicalOwner is null");
        requireNonNull(developer, "developer is null");
        requireNonNull(businessOwner, "businessOwner is null");
        requireNonNull(steward, "steward is null");
        requireNonNull(onCallRotation, "onCallRotation is null");
        requireNonNull(escalationPath, "escalationPath is null");
        requireNonNull(communicationChannel, "communicationChannel is null");
    }

    public static Ownership none() {
        return new Ownership(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
