package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** How the product's data is protected (the guide's {@code security}). */
public record SecuritySpec(
        Optional<String> accessControl,
        Optional<Boolean> encryptionAtRest,
        Optional<Boolean> auditLogging) {

    public SecuritySpec {
        requireNonNull(accessControl, "accessControl is null");
        requireNonNull(encryptionAtRest, "encryptionAtRest is null");
        requireNonNull(auditLogging, "auditLogging is null");
    }
}
